// zod pieces the shipper config schemas share, each with a message a stream admin can act on.
import { z } from 'zod';
import { JSON_FORMATS } from '../formats/json-payload.js';

export const httpUrl = z.string().refine((v) => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}, 'expected a URL starting with https:// (or http:// for a local test receiver)');

export const secret = (what: string) => z.string({ error: `expected ${what}` }).min(1, `expected ${what}`);

export const timeoutMs = z
  .number({ error: 'expected a number of milliseconds' })
  .int()
  .min(100, 'expected at least 100 ms')
  .max(300_000, 'expected at most 300000 ms (5 minutes)');

export const jsonFormat = z.enum(JSON_FORMATS, { error: `expected one of ${JSON_FORMATS.join(', ')}` });

export const port = z
  .number({ error: 'expected a port number' })
  .int()
  .min(1, 'expected a port from 1 to 65535')
  .max(65535, 'expected a port from 1 to 65535');
