/** Routes load their page on demand (code splitting); every desk route needs a signed-in user. */
import { createRouter, createWebHashHistory, createWebHistory } from 'vue-router';
import { currentUser, whoami } from './data/session.ts';

export const router = createRouter({
  // Served by the host's Web Page at /postventa, which answers that one route only: hash history there
  // (/postventa#/desk survives a reload on a real site); path history under Vite in development.
  history: window.location.pathname.startsWith('/postventa') ? createWebHashHistory() : createWebHistory('/'),
  routes: [
    { path: '/', redirect: '/desk' },
    { path: '/login', name: 'login', component: () => import('./pages/auth/LoginPage.vue') },
    { path: '/desk', name: 'queue', component: () => import('./pages/desk/QueuePage.vue') },
    { path: '/desk/new', name: 'new-case', component: () => import('./pages/desk/NewCasePage.vue') },
    { path: '/desk/case/:name', name: 'case', component: () => import('./pages/desk/CasePage.vue'), props: true },
    {
      path: '/desk/case/:name/print',
      name: 'case-print',
      component: () => import('./pages/desk/CasePrintPage.vue'),
      props: true,
      meta: { bare: true },
    },
    {
      path: '/confirm/:case/:token',
      name: 'confirm',
      component: () => import('./pages/public/ConfirmPage.vue'),
      props: true,
      meta: { public: true },
    },
    { path: '/admin', name: 'admin', component: () => import('./pages/admin/AdminPage.vue') },
  ],
});

router.beforeEach(async (to) => {
  if (to.name === 'login' || to.meta.public) return true;
  if (!currentUser.value && !(await whoami())) return { name: 'login', query: { next: to.fullPath } };
  return true;
});
