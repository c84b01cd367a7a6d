import type { RequestHandler, Router } from 'express';
import { z } from 'zod';
import {
  addConnector,
  approveDeletes,
  getConnector,
  listConnectors,
  pauseConnector,
  removeConnector,
  resumeConnector,
  retryDeadLetters,
  syncCounts,
  viewConnector,
} from '../connectors/index.js';
import { RosterError } from '../errors/index.js';
import { ROSTER_PERMISSIONS as P } from './admin-permissions.js';
import type { AuthzContext, ConnectorRouteDeps } from './context.js';
import type { PermissionGuard } from './guard.js';
import { param, parse, principalOf } from './http-input.js';

// Admin API for a tenant's downstream connectors. Secret fields are accepted on create and never
// answered: each reads "[set]" (src/credentials/target-secrets.ts maskSecrets).

/** POST /v1/connectors (also published in /v1/openapi.json, src/authz/openapi-admin.ts). */
export const connectorAddSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . or -'),
  kind: z.string().min(1),
  config: z.record(z.string(), z.unknown()),
  scope: z
    .discriminatedUnion('type', [
      z.strictObject({ type: z.literal('all') }),
      z.strictObject({ type: z.literal('groups'), groupIds: z.array(z.string().min(1)).min(1) }),
    ])
    .optional(),
  deprovision: z.enum(['deactivate', 'delete']).optional(),
  deleteGuard: z
    .strictObject({
      maxCount: z.number().int().min(0).optional(),
      maxPercent: z.number().min(0).max(100).optional(),
      minCount: z.number().int().min(0).optional(),
    })
    .optional(),
});

function needed(deps: ConnectorRouteDeps | undefined): ConnectorRouteDeps {
  if (!deps) throw new RosterError('unavailable', 'connectors are not configured on this server');
  return deps;
}

export function mountConnectorRoutes(
  router: Router,
  ctx: AuthzContext,
  guard: PermissionGuard,
  json: RequestHandler,
): void {
  const view = async (doc: Parameters<typeof viewConnector>[1]) => ({
    ...viewConnector(await needed(ctx.connectors).secretBox(), doc),
    counts: await syncCounts(ctx.store, doc.tenantId, doc._id),
  });

  router.get('/v1/connectors', guard.requirePermission(P.connectorView), async (_req, res) => {
    const docs = await listConnectors(ctx.directory, principalOf(res).tenantId);
    res.json({ connectors: await Promise.all(docs.map(view)) });
  });

  router.get('/v1/connectors/:name', guard.requirePermission(P.connectorView), async (req, res) => {
    res.json(await view(await getConnector(ctx.directory, principalOf(res).tenantId, param(req, 'name'))));
  });

  router.post('/v1/connectors', json, guard.requirePermission(P.connectorManage), async (req, res) => {
    const principal = principalOf(res);
    const deps = needed(ctx.connectors);
    const body = parse(connectorAddSchema, req.body);
    const doc = await addConnector(
      { ...ctx.directory, box: await deps.secretBox(), catalogue: deps.catalogue },
      { ...body, tenantId: principal.tenantId, actor: principal.actor },
    );
    res.status(201).json(await view(doc));
  });

  const actions = {
    pause: pauseConnector,
    resume: resumeConnector,
  } as const;
  for (const [action, run] of Object.entries(actions))
    router.post(`/v1/connectors/:name/${action}`, guard.requirePermission(P.connectorManage), async (req, res) => {
      const principal = principalOf(res);
      res.json(await view(await run(ctx.directory, principal.tenantId, param(req, 'name'), principal.actor)));
    });

  router.post('/v1/connectors/:name/approve-deletes', guard.requirePermission(P.connectorManage), async (req, res) => {
    const principal = principalOf(res);
    const { userIds } = await approveDeletes(ctx.directory, principal.tenantId, param(req, 'name'), principal.actor);
    res.json({ approved: userIds.length });
  });

  router.post('/v1/connectors/:name/retry-failed', guard.requirePermission(P.connectorManage), async (req, res) => {
    const principal = principalOf(res);
    const doc = await getConnector(ctx.directory, principal.tenantId, param(req, 'name'));
    const replay = needed(ctx.connectors).replayFailed;
    const replayed = await retryDeadLetters(ctx.directory, doc, principal.actor, replay);
    res.json({ replayed });
  });

  router.delete('/v1/connectors/:name', guard.requirePermission(P.connectorManage), async (req, res) => {
    const principal = principalOf(res);
    await removeConnector(ctx.directory, principal.tenantId, param(req, 'name'), principal.actor);
    res.status(204).end();
  });
}
