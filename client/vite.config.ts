/**
 * The SPA build. Assets are emitted flat with a `pv-` prefix and served from `/files/` (the installer uploads each
 * as a public File under its own content-hashed name), so chunk imports resolve on a real host (HOST-FACTS §10).
 * In development, `/api` is proxied to the dev host (PROXY_TARGET, default http://127.0.0.1:8000).
 */
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import frappeui from 'frappe-ui/vite';
import { fileURLToPath } from 'node:url';

export default defineConfig(({ command }) => ({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: command === 'build' ? '/files/' : '/',
  plugins: [frappeui({ frappeProxy: false, jinjaBootData: false, buildConfig: false }), vue()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      '@domain': fileURLToPath(new URL('../domain', import.meta.url)),
    },
  },
  server: { port: 5173, proxy: { '^/(api|files|private)': process.env.PROXY_TARGET ?? 'http://127.0.0.1:8000' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: '',
    chunkSizeWarningLimit: 400,
    rollupOptions: {
      output: {
        entryFileNames: 'pv-[name]-[hash].js',
        chunkFileNames: 'pv-[name]-[hash].js',
        assetFileNames: 'pv-[name]-[hash][extname]',
      },
    },
  },
}));
