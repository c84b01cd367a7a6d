import express, { Router, type Response } from 'express';
import type { AppDeps } from '../app-deps.js';
import { createAuthzContext, createPermissionGuard, ROSTER_PERMISSIONS, type Principal } from '../authz/index.js';
import { RosterError } from '../errors/index.js';
import {
  deleteConnection,
  getConnection,
  importConnectionMetadata,
  saveConnection,
  viewConnection,
} from '../sso/index.js';
import { validateSettings } from '../sso/index.js';
import { spEndpoints } from './service-provider.js';

// Admin API for the calling key's tenant's IdP connection (problem+json errors, like the rest of
// /v1). Guarded by requirePermission; an admin key with no permission list holds admin:*.

export const SAML_PERMISSIONS = Object.freeze({
  read: ROSTER_PERMISSIONS.idpRead,
  manage: ROSTER_PERMISSIONS.idpManage,
});

const METADATA_TYPES = ['application/samlmetadata+xml', 'application/xml', 'text/xml'];

/** Set by the guard once the bearer key is verified. */
function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new RosterError('internal', 'route reached without authentication', { expose: false });
  return principal;
}

function tenantOf(res: Response): string {
  return principalOf(res).tenantId;
}

function body(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new RosterError('invalid_input', 'expected a JSON object');
  return value as Record<string, unknown>;
}

export function createSamlAdminRouter(deps: AppDeps): Router {
  const guard = createPermissionGuard(createAuthzContext(deps));
  const directory = { store: deps.store, recorder: deps.recorder };
  const router = Router();
  const json = express.json({ limit: '256kb' });
  const xml = express.text({ type: METADATA_TYPES, limit: '1mb' });
  const view = (tenantId: string, doc: Parameters<typeof viewConnection>[0]) => ({
    ...viewConnection(doc),
    serviceProvider: spEndpoints(deps.config.publicUrl, tenantId),
  });

  router.get('/v1/saml/connection', guard.requirePermission(SAML_PERMISSIONS.read), async (_req, res) => {
    const tenantId = tenantOf(res);
    res.json(view(tenantId, await getConnection(deps, tenantId)));
  });

  router.put('/v1/saml/connection', guard.requirePermission(SAML_PERMISSIONS.manage), json, async (req, res) => {
    const tenantId = tenantOf(res);
    const saved = await saveConnection(directory, {
      tenantId,
      settings: validateSettings(body(req.body)),
      actor: principalOf(res).actor,
    });
    res.json(view(tenantId, saved));
  });

  router.put(
    '/v1/saml/connection/metadata',
    guard.requirePermission(SAML_PERMISSIONS.manage),
    xml,
    async (req, res) => {
      if (typeof req.body !== 'string' || !req.body)
        throw new RosterError('invalid_input', `send the IdP metadata XML as ${METADATA_TYPES.join(' or ')}`);
      const tenantId = tenantOf(res);
      const saved = await importConnectionMetadata(directory, {
        tenantId,
        metadataXml: req.body,
        actor: principalOf(res).actor,
      });
      res.json(view(tenantId, saved));
    },
  );

  router.delete('/v1/saml/connection', guard.requirePermission(SAML_PERMISSIONS.manage), async (_req, res) => {
    await deleteConnection(directory, { tenantId: tenantOf(res), actor: principalOf(res).actor });
    res.status(204).end();
  });

  return router;
}
