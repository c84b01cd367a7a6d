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
