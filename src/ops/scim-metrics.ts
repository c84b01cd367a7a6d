import type { RequestHandler } from 'express';
import { Counter, type Registry } from 'prom-client';
import { scimOperation } from '../scim/index.js';

// SCIM operations by operation, resource and outcome, counted as each response finishes. No
// tenant label: the path names the tenant before the token is checked, so any caller could mint
// series; per-tenant SCIM activity is on the ops console instead.

export function outcomeOf(status: number): 'success' | 'client_error' | 'server_error' {
  return status >= 500 ? 'server_error' : status >= 400 ? 'client_error' : 'success';
}

/** Counting middleware for the SCIM mount (/scim/v2). */
export function scimMetrics(registry: Registry): RequestHandler {
  const operations = new Counter({
    name: 'roster_scim_operations_total',
    help: 'SCIM operations by op (create, replace, patch, delete, get, list), resource and outcome',
    labelNames: ['op', 'resource', 'outcome'],
    registers: [registry],
  });
  return (req, res, next) => {
    const operation = scimOperation(req.method, req.path);
    if (operation) res.on('finish', () => operations.inc({ ...operation, outcome: outcomeOf(res.statusCode) }));
    next();
  };
}
