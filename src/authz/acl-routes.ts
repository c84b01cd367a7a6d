import type { RequestHandler, Router } from 'express';
import {
  declareResourceAcls,
  deleteResourceAcl,
  getAccessPolicy,
  listResourceAcls,
  putAclPolicy,
  putResourceAcl,
  type ResourceAclDoc,
} from '../access/index.js';
import { ROSTER_PERMISSIONS as P } from './admin-permissions.js';
import type { AuthzContext } from './context.js';
import type { PermissionGuard } from './guard.js';
import { param, parse, principalOf } from './http-input.js';
import { aclDeclarationSchema, aclPolicySchema, aclSchema } from './schemas.js';

// Admin API for design 002 resource ACLs: per kind, resource id → allowed groups.

const entryView = ({ kind, resourceId, groups, updatedAt }: ResourceAclDoc) => ({
  kind,
  resourceId,
  groups,
  updatedAt,
});

export function mountAclRoutes(router: Router, ctx: AuthzContext, guard: PermissionGuard, json: RequestHandler): void {
  router.get('/v1/acls', guard.requirePermission(P.aclsRead), async (req, res) => {
    const { tenantId } = principalOf(res);
    const kind = typeof req.query.kind === 'string' ? req.query.kind : undefined;
    const [policy, entries] = await Promise.all([
      getAccessPolicy(ctx.directory, tenantId),
      listResourceAcls(ctx.directory, tenantId, kind),
    ]);
    res.json({ adminGroups: policy.adminGroups, resourceKinds: policy.resourceKinds, entries: entries.map(entryView) });
  });

  router.put('/v1/acls/:kind', json, guard.requirePermission(P.aclsManage), async (req, res) => {
    const principal = principalOf(res);
    const { entries } = parse(aclDeclarationSchema, req.body);
    const docs = await declareResourceAcls(ctx.directory, {
      tenantId: principal.tenantId,
      kind: param(req, 'kind'),
      entries,
      actor: principal.actor,
    });
    res.json({ kind: param(req, 'kind'), entries: docs.map(entryView) });
  });

  router.put('/v1/acls/:kind/:resourceId', json, guard.requirePermission(P.aclsManage), async (req, res) => {
    const principal = principalOf(res);
    const { groups } = parse(aclSchema, req.body);
    const doc = await putResourceAcl(ctx.directory, {
      tenantId: principal.tenantId,
      kind: param(req, 'kind'),
      resourceId: param(req, 'resourceId'),
      groups,
      actor: principal.actor,
    });
    res.json(entryView(doc));
  });

  router.delete('/v1/acls/:kind/:resourceId', guard.requirePermission(P.aclsManage), async (req, res) => {
    const principal = principalOf(res);
    await deleteResourceAcl(ctx.directory, {
      tenantId: principal.tenantId,
      kind: param(req, 'kind'),
      resourceId: param(req, 'resourceId'),
      actor: principal.actor,
    });
    res.status(204).end();
  });

  router.put('/v1/acl-policy', json, guard.requirePermission(P.aclsManage), async (req, res) => {
    const principal = principalOf(res);
    const body = parse(aclPolicySchema, req.body);
    const policy = await putAclPolicy(ctx.directory, principal.tenantId, body, principal.actor);
    res.json({ adminGroups: policy.adminGroups, resourceKinds: policy.resourceKinds });
  });
}
