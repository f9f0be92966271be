import { defineConfig } from 'vitest/config';

// Browser tests: Debian's Chromium driven by playwright-core against the demo (dev host + companion) on 127.0.0.1.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
