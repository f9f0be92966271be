import { defineConfig } from 'vitest/config';

// HTTP cases against HOST_URL, or an in-memory dev host per worker when it is unset.
export default defineConfig({
  test: {
    include: ['tests/contract/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
