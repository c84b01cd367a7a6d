export { ERROR_CODES, type ErrorCode } from './codes.js';
export { RosterError, isRosterError, toRosterError, type RosterErrorOptions } from './roster-error.js';
export { toProblem, sendProblem, problemErrorHandler, type Problem } from './problem.js';
export { fromHttpError, GENERIC_HTTP_CODES, type HttpErrorCodes } from './http-errors.js';
