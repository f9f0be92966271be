import { defineConfig } from 'vitest/config';

// The attack suite (tests/security/): the isolation matrix against the dev host with Postventa installed, or a real
// site with HOST_URL, and the bounded fuzz pass.
export default defineConfig({
  test: {
    include: ['tests/security/**/*.test.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
