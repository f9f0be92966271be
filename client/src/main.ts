/** Boot: styles, router, and the one error policy (toasts from data/api.ts). No socket, no frappe-ui plugin. */
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router.ts';
import './style.css';

createApp(App).use(router).mount('#app');
