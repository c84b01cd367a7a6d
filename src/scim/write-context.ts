import type { Request, Response } from 'express';
import type { WriteContext } from '../people/index.js';
import { scimContext } from './auth.js';
import { ifMatchVersions, ifNoneMatchAny } from './etag.js';

/**
 * Who writes (the SCIM token) and the If-Match versions a write must find (RFC 7644 §3.14).
 * `If-None-Match: *` on a write to an existing resource (PUT, PATCH, DELETE) accepts no version:
 * RFC 7232 §3.2 answers 412 when any current representation exists.
 */
export function writeContext(req: Request, res: Response): WriteContext {
  const noneMatch = req.method !== 'POST' && ifNoneMatchAny(req.get('if-none-match'));
  const ifMatch = noneMatch ? [] : ifMatchVersions(req.get('if-match'));
  return { actor: scimContext(res).actor, source: 'scim', ...(ifMatch ? { ifMatch } : {}) };
}
