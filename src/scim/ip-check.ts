import type { RequestHandler } from 'express';
import { RosterError } from '../errors/index.js';
import type { IpGate } from '../tenants/index.js';

// The tenant's SCIM IP allow-list, checked before the bearer token (src/tenants/ip-gate.ts): a
// refusal is a 403 in the SCIM error schema (RFC 7644 §3.12), whatever the token.

export function scimIpCheck(gate: IpGate): RequestHandler {
  return async (req, res, next) => {
    const allowed = await gate.allows({
      tenantId: String(req.params.tenant ?? ''),
      surface: 'scim',
      ip: req.ip,
      requestId: String(res.getHeader('x-request-id') ?? '') || undefined,
      path: req.originalUrl.split('?')[0],
    });
    if (allowed) return next();
    next(new RosterError('ip_not_allowed', `requests from ${req.ip} are not on this tenant's SCIM IP allow-list`));
  };
}
