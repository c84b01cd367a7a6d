import type { Request, Response } from 'express';
import type { z } from 'zod';
import { RosterError } from '../errors/index.js';
import type { Principal } from './principal.js';

/** Validates a request part; every problem is reported at once, with its path. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new RosterError('invalid_input', summary, { details: { issues } });
}

/** Set by the guard once the bearer key is verified. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new RosterError('internal', 'route reached without authentication', { expose: false });
  return principal;
}

export function requestIdOf(res: Response): string | undefined {
  return (res.getHeader('x-request-id') as string | undefined) ?? undefined;
}

export function param(req: Request, name: string): string {
  return String(req.params[name]);
}
