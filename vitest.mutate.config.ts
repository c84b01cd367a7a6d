import { defineConfig } from 'vitest/config';

// The unit tests of the pure modules that `npm run mutate` (stryker.config.json) mutates:
// src/rbac, src/scim/filter and src/scim/patch need neither Redis nor a store, so Stryker can
// run these suites thousands of times.
export default defineConfig({
  test: {
    include: ['test/unit/rbac/**/*.test.ts', 'test/unit/scim/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
