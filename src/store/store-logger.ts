/** The slice of a pino-style logger the store engines use (pino's Logger satisfies it). */
export interface StoreLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
