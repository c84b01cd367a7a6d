export { ERROR_CODES, type ErrorCode } from './codes.js';
export { RosterError, isRosterError, toRosterError, type RosterErrorOptions } from './roster-error.js';
export { toProblem, sendProblem, problemErrorHandler, type Problem } from './problem.js';
