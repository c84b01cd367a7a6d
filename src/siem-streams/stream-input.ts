// What an admin writes to add or change a stream (admin API body, CLI flags): the stream's own
// fields. The target settings (`config`) are checked by the kind's schema in stream-config.ts.
import { z } from 'zod';
import { RosterError } from '../errors/index.js';
import type { BatchSettings } from './types.js';

export const DEFAULT_BATCH: BatchSettings = { maxEvents: 1000, maxBytes: 1_000_000, maxWaitMs: 1000 };

const name = z
  .string({ error: 'expected a stream name' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/, 'expected 1-64 letters, digits, spaces, dots, dashes or underscores');

export const batchSchema = z.strictObject({
  maxEvents: z.number().int().min(1).max(50_000, 'expected at most 50000 records per batch').optional(),
  maxBytes: z
    .number()
    .int()
    .min(1024, 'expected at least 1024 bytes')
    .max(100_000_000, 'expected at most 100000000 bytes')
    .optional(),
  maxWaitMs: z.number().int().min(0).max(60_000, 'expected at most 60000 ms').optional(),
});

const config = z.record(z.string(), z.unknown(), { error: 'expected config as a JSON object' });
const categories = z.array(z.string(), { error: 'expected categories as a list of names' });

export const addStreamSchema = z.strictObject({
  name,
  kind: z.string({ error: 'expected kind (splunk_hec, syslog, elastic_bulk or http_json)' }),
  config,
  categories: categories.optional(),
  batch: batchSchema.optional(),
});
export type AddStreamInput = z.infer<typeof addStreamSchema>;

export const updateStreamSchema = z.strictObject({
  name: name.optional(),
  config: config.optional(),
  categories: categories.optional(),
  batch: batchSchema.optional(),
});
export type UpdateStreamInput = z.infer<typeof updateStreamSchema>;

const REPLAY_FROM = 'expected from as an ISO-8601 date-time or a cursor (a sequence number, 0 for the beginning)';

/**
 * `--from` of a replay: an ISO-8601 time, or a cursor (a sequence number). Each branch carries the
 * message too: zod reports the issue of the branch whose type matched ("Invalid ISO datetime" for
 * "yesterday"), not the union's, and the caller should hear both accepted forms.
 */
export const replaySchema = z.strictObject({
  from: z.union(
    [z.iso.datetime({ offset: true, error: REPLAY_FROM }), z.number().int(REPLAY_FROM).min(0, REPLAY_FROM)],
    { error: REPLAY_FROM },
  ),
});
export type ReplayFrom = z.infer<typeof replaySchema>['from'];

/** Turns CLI text into a replay start: digits are a cursor, anything else a date-time. */
export function replayFromText(text: string): ReplayFrom {
  return /^\d+$/.test(text) ? Number(text) : text;
}

export function resolveBatch(current: BatchSettings, change: z.infer<typeof batchSchema> | undefined): BatchSettings {
  return { ...current, ...Object.fromEntries(Object.entries(change ?? {}).filter(([, v]) => v !== undefined)) };
}

/** Validates input; every problem is reported at once, with its path. */
export function checked<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  throw new RosterError('invalid_input', problems.join('; '), { details: { problems } });
}
