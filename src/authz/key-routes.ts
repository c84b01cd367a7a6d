import type { RequestHandler, Router } from 'express';
import {
  approveScopedKey,
  createScopedKey,
  listScopedKeys,
  revokeScopedKey,
  setUserPermissions,
  type ScopedKeyDoc,
} from '../access/index.js';
import { beyondCaller } from './admin-key-permissions.js';
import { ROSTER_PERMISSIONS as P } from './admin-permissions.js';
import type { AuthzContext } from './context.js';
import type { PermissionGuard } from './guard.js';
import { param, parse, principalOf } from './http-input.js';
import { keySchema, userPermissionsSchema } from './schemas.js';

// Admin API for scoped keys (design 000 Step 5) and per-user grants and denials (design 001).

const DAY_MS = 86_400_000;

function keyView(k: ScopedKeyDoc) {
  const state = k.revokedAt ? 'revoked' : k.approval?.state === 'pending' ? 'pending_approval' : 'active';
  return {
    id: k._id,
    name: k.name,
    hint: k.hint,
    userId: k.userId,
    permissions: k.permissions,
    allowedModels: k.allowedModels,
    limits: k.limits,
    createdAt: k.createdAt,
    expiresAt: k.expiresAt ?? null,
    revokedAt: k.revokedAt ?? null,
    lastUsedAt: k.lastUsedAt ?? null,
    state,
  };
}

export function mountKeyRoutes(router: Router, ctx: AuthzContext, guard: PermissionGuard, json: RequestHandler): void {
  router.post('/v1/keys', json, guard.requirePermission(P.keysManage), async (req, res) => {
    const principal = principalOf(res);
    const { expiresInDays, ...body } = parse(keySchema, req.body);
    const beyond = beyondCaller(principal, body.permissions);
    if (beyond) return guard.deny(req, res, principal, beyond.permission, beyond);
    const expiresAt =
      body.expiresAt ??
      (expiresInDays ? new Date(ctx.now().getTime() + expiresInDays * DAY_MS).toISOString() : undefined);
    const { key, secret } = await createScopedKey(ctx.directory, {
      ...body,
      expiresAt,
      tenantId: principal.tenantId,
      actor: principal.actor,
    });
    // The secret is shown here, once; only its SHA-256 is stored.
    res.status(201).json({ ...keyView(key), key: secret });
  });

  router.get('/v1/keys', guard.requirePermission(P.keysManage), async (_req, res) => {
    res.json({ keys: (await listScopedKeys(ctx.directory, principalOf(res).tenantId)).map(keyView) });
  });

  router.post('/v1/keys/:id/approve', json, guard.requirePermission(P.keysManage), async (req, res) => {
    const principal = principalOf(res);
    const key = await approveScopedKey(ctx.directory, {
      tenantId: principal.tenantId,
      id: param(req, 'id'),
      actor: principal.actor,
    });
    ctx.keys.clear();
    res.json(keyView(key));
  });

  router.delete('/v1/keys/:id', guard.requirePermission(P.keysManage), async (req, res) => {
    const principal = principalOf(res);
    await revokeScopedKey(ctx.directory, {
      tenantId: principal.tenantId,
      id: param(req, 'id'),
      actor: principal.actor,
    });
    ctx.keys.clear();
    res.status(204).end();
  });

  router.put('/v1/users/:id/permissions', json, guard.requirePermission(P.usersManage), async (req, res) => {
    const principal = principalOf(res);
    const body = parse(userPermissionsSchema, req.body);
    const beyond = beyondCaller(principal, body.customPermissions ?? []);
    if (beyond) return guard.deny(req, res, principal, beyond.permission, beyond);
    const user = await setUserPermissions(ctx.directory, {
      ...body,
      tenantId: principal.tenantId,
      userId: param(req, 'id'),
      actor: principal.actor,
    });
    const { customPermissions, deniedPermissions, effectiveRoles, effectivePermissions } = user;
    res.json({ id: user._id, customPermissions, deniedPermissions, effectiveRoles, effectivePermissions });
  });
}
