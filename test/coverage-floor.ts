// Coverage of src/, workers/ and config/ by `npm test` (code run in child processes, such as the
// CLI, is not counted). The floor only goes up: vitest.config.ts fails the run below it; raise it
// to the figures the last fresh-clone run printed.
export const COVERAGE_FLOOR = { lines: 60, statements: 60, functions: 60, branches: 50 };
