export { createLogger, LOG_REDACT_PATHS, type Logger } from './logger.js';
export { requestLogger } from './request-logger.js';
export { SECRET_FIELD_NAMES, redactPaths } from './secret-fields.js';
