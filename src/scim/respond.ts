import type { Response } from 'express';
import { etagOf } from './etag.js';
import type { ScimResource } from './resources/scim-output.js';

// Every SCIM response body is application/scim+json (RFC 7644 §3.1, §8.1).

export const SCIM_CONTENT_TYPE = 'application/scim+json';
const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
}

/** One resource, with its version as the ETag header (RFC 7644 §3.14) and, on create, Location (§3.3). */
export function sendResource(res: Response, status: number, body: ScimResource, version: number, location?: string): void {
  res.setHeader('ETag', etagOf(version));
  if (location) res.setHeader('Location', location);
  sendJson(res, status, body);
}

/** ListResponse (RFC 7644 §3.4.2): itemsPerPage is what this page holds. */
export function sendList(res: Response, resources: ScimResource[], totalResults: number, startIndex: number): void {
  sendJson(res, 200, { schemas: [LIST_SCHEMA], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources });
}
