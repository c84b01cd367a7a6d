import express, { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps.js';
import type { DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';
import { createIpGate } from '../tenants/index.js';
import { scimAuth, scimContext } from './auth.js';
import { scimIpCheck } from './ip-check.js';
import {
  resourceType,
  resourceTypes,
  schemaDocuments,
  serviceProviderConfig,
  type DiscoveryOptions,
} from './discovery.js';
import { scimErrorHandler } from './error-handler.js';
import { groupWriteRoutes } from './group-routes.js';
import type { ListLimits } from './list-query.js';
import { readRoutes } from './read-routes.js';
import { GROUPS, USERS } from './resource-kind.js';
import { RESOURCES } from './schema/schemas.js';
import { sendJson, sendList } from './respond.js';
import { userWriteRoutes } from './user-routes.js';

// The SCIM 2.0 service, one per tenant at /scim/v2/{tenant} (RFC 7644 §3.2 endpoints). Order per
// request: authenticate (before reading a byte of body), parse the body, route; every failure
// leaves through the SCIM error serializer.

export const SCIM_LIMITS: ListLimits = Object.freeze({ maxResults: 1000, defaultCount: 100 });

function discoveryRoutes(limits: ListLimits): Router {
  const router = Router();
  const options = (res: Response): DiscoveryOptions => ({
    baseUrl: scimContext(res).baseUrl,
    maxResults: limits.maxResults,
  });
  router.get('/ServiceProviderConfig', (_req, res) => sendJson(res, 200, serviceProviderConfig(options(res))));
  router.get('/ResourceTypes', (_req, res) => {
    const all = resourceTypes(options(res));
    sendList(res, all, all.length, 1);
  });
  router.get('/ResourceTypes/:name', (req: Request, res: Response) => {
    const found = RESOURCES.find((r) => r.name === req.params.name) ?? notFound();
    sendJson(res, 200, resourceType(found, options(res)));
  });
  router.get('/Schemas', (_req, res) => {
    const all = schemaDocuments(options(res));
    sendList(res, all, all.length, 1);
  });
  router.get('/Schemas/:id', (req: Request, res: Response) => {
    const found = schemaDocuments(options(res)).find((s) => s.id === req.params.id) ?? notFound();
    sendJson(res, 200, found);
  });
  return router;
}

function notFound(): never {
  throw new RosterError('not_found', 'no such SCIM endpoint');
}

export function createScimRouter(deps: AppDeps, limits: ListLimits = SCIM_LIMITS): Router {
  const directory: DomainDeps = { store: deps.store, recorder: deps.recorder };
  const tenant = Router({ mergeParams: true });
  tenant.use(scimIpCheck(createIpGate(deps)));
  tenant.use(scimAuth(directory, deps.config.publicUrl));
  tenant.use(
    express.json({
      type: ['application/scim+json', 'application/json', 'application/*+json'],
      limit: deps.config.bodyLimit,
    }),
  );
  tenant.use(discoveryRoutes(limits));
  tenant.use(readRoutes(USERS, directory, limits));
  tenant.use(readRoutes(GROUPS, directory, limits));
  tenant.use(userWriteRoutes(directory));
  tenant.use(groupWriteRoutes(directory));

  // RFC 7644 §3.11: without /Me the answer SHALL be 501; bulk is advertised as unsupported (§3.7).
  tenant.all(['/Me', '/Me/*rest', '/Bulk'], () => {
    throw new RosterError('scim_not_implemented', 'this service provider does not implement this endpoint');
  });

  const router = Router();
  router.use('/:tenant', tenant);
  router.use(() => notFound());
  router.use(scimErrorHandler);
  return router;
}
