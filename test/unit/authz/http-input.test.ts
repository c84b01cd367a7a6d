import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/authz/http-input.js';
import type { RosterError } from '../../../src/errors/index.js';
import { refusalOf } from '../../helpers/errors.js';

const body = z.object({
  name: z.string().min(1),
  limits: z.object({ count: z.number().int().max(10) }).optional(),
  tags: z.array(z.string()).optional(),
});

function refusal(value: unknown): RosterError {
  return refusalOf(() => parse(body, value));
}

describe('parse (request validation)', () => {
  it('returns the parsed value, with unknown keys stripped as the schema says', () => {
    expect(parse(body, { name: 'a', extra: 1 })).toEqual({ name: 'a' });
  });

  it('reports every problem at once, each with its dotted path, as a 400', () => {
    const error = refusal({ name: '', limits: { count: 11 }, tags: ['x', 3] });
    expect([error.code, error.status, error.expose]).toEqual(['invalid_input', 400, true]);
    const issues = error.details.issues as { path: string; message: string }[];
    expect(issues.map((i) => i.path)).toEqual(['name', 'limits.count', 'tags.1']);
    expect(error.message.split('; ').map((part) => part.split(':')[0])).toEqual(['name', 'limits.count', 'tags.1']);
  });

  it('reports a problem with the whole value without a path prefix', () => {
    const error = refusal('not an object');
    const issues = error.details.issues as { path: string; message: string }[];
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('');
    expect(error.message).toBe(issues[0].message);
  });

  it('refuses a missing body (undefined) as a client error, not a 500', () => {
    expect(refusal(undefined).status).toBe(400);
  });
});
