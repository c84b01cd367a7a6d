import { defineConfig } from 'vitest/config';
import { COVERAGE_FLOOR } from './test/coverage-floor.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two cores here and in CI: more workers only queue behind each other.
    maxWorkers: 2,
    // No retry: every failure counts the first time. Child processes get ports that cannot be
    // handed out under them (test/helpers/ports.ts) and tests await conditions, not time.
    // Files and the tests in them run in a random order (the seed is printed when a run fails;
    // `--sequence.seed=<n>` replays it): a test that needs another one to have run first fails.
    sequence: { shuffle: { files: true, tests: true } },
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'workers/**/*.ts', 'config/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      // The floor only goes up: raise test/coverage-floor.ts when coverage rises.
      thresholds: COVERAGE_FLOOR,
    },
  },
});
