import frappeUIPreset from 'frappe-ui/tailwind';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export default {
  presets: [frappeUIPreset],
  content: [
    here('./index.html'),
    here('./src/**/*.{vue,ts}'),
    here('../node_modules/frappe-ui/src/components/**/*.{vue,js,ts}'),
  ],
};
