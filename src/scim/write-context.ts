import type { Request, Response } from 'express';
import type { WriteContext } from '../people/index.js';
import { scimContext } from './auth.js';
import { ifMatchVersions } from './etag.js';

/** Who writes (the SCIM token) and the If-Match versions a write must find (RFC 7644 §3.14). */
export function writeContext(req: Request, res: Response): WriteContext {
  const ifMatch = ifMatchVersions(req.get('if-match'));
  return { actor: scimContext(res).actor, source: 'scim', ...(ifMatch ? { ifMatch } : {}) };
}
