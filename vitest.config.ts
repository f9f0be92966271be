import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
  // The client's aliases (client/vite.config.ts), for the unit tests that mount its components.
  resolve: {
    alias: {
      '@domain': fileURLToPath(new URL('./domain', import.meta.url)),
      '@': fileURLToPath(new URL('./client/src', import.meta.url)),
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'domain/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
