import type { Response } from 'express';
import { etagOf } from './etag.js';
import type { ScimResource } from './resources/scim-output.js';

// Every SCIM response body is application/scim+json (RFC 7644 §3.1, §8.1).

export const SCIM_CONTENT_TYPE = 'application/scim+json';
const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/**
 * Written straight to the socket: Express's res.send would also hash every list body for an ETag
 * of its own and answer 304s we did not ask for; resource ETags are meta.version (etag.ts).
 */
export function sendJson(res: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', `${SCIM_CONTENT_TYPE}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** One resource, with its version as the ETag header (RFC 7644 §3.14) and, on create, Location (§3.3). */
export function sendResource(
  res: Response,
  status: number,
  body: ScimResource,
  version: number,
  location?: string,
): void {
  res.setHeader('ETag', etagOf(version));
  if (location) res.setHeader('Location', location);
  sendJson(res, status, body);
}

/** ListResponse (RFC 7644 §3.4.2): itemsPerPage is what this page holds. */
export function sendList(res: Response, resources: ScimResource[], totalResults: number, startIndex: number): void {
  sendJson(res, 200, {
    schemas: [LIST_SCHEMA],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  });
}
