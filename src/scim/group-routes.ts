import { Router, type Request, type Response } from 'express';
import { createGroup, deleteGroup, updateGroup, type GroupDoc } from '../people/index.js';
import type { DomainDeps } from '../domain/index.js';
import { scimContext } from './auth.js';
import { etagOf } from './etag.js';
import { projectionParams } from './list-query.js';
import { parsePatchRequest } from './patch/patch-request.js';
import { GROUPS, renderAll } from './resource-kind.js';
import { groupFromCreate, groupFromReplace, groupPatch } from './resources/group-resource.js';
import { parseProjection } from './resources/projection.js';
import { locationOf } from './resources/scim-output.js';
import { sendResource } from './respond.js';
import { writeContext } from './write-context.js';

// POST /Groups, PUT, PATCH and DELETE /Groups/{id}. Members are memberships, changed in bulk.

function projectionOf(req: Request) {
  const { attributes, excludedAttributes } = projectionParams(req.query as Record<string, unknown>);
  return {
    asked: attributes !== undefined || excludedAttributes !== undefined,
    projection: parseProjection(GROUPS.map.resource, attributes, excludedAttributes),
  };
}

async function answerGroup(
  deps: DomainDeps,
  req: Request,
  res: Response,
  group: GroupDoc,
  status: number,
  location?: string,
): Promise<void> {
  const [resource] = await renderAll(GROUPS, deps.store, scimContext(res), [group], projectionOf(req).projection);
  sendResource(res, status, resource, group.version, location);
}

export function groupWriteRoutes(deps: DomainDeps): Router {
  const router = Router();

  router.post('/Groups', async (req: Request, res: Response) => {
    const ctx = scimContext(res);
    const { attributes, members } = groupFromCreate(req.body);
    const group = await createGroup(deps, ctx.tenantId, attributes, members, writeContext(req, res));
    await answerGroup(deps, req, res, group, 201, locationOf(ctx.baseUrl, GROUPS.map.resource, group._id));
  });

  router.put('/Groups/:id', async (req: Request, res: Response) => {
    const change = groupFromReplace(req.body);
    const { group } = await updateGroup(
      deps,
      scimContext(res).tenantId,
      String(req.params.id),
      change,
      writeContext(req, res),
    );
    await answerGroup(deps, req, res, group, 200);
  });

  /**
   * RFC 7644 §3.5.2 lets a PATCH answer 204 without a body; that is the default here (Entra's
   * guidance: no member list after a member change). Asking for attributes gets 200 and them.
   */
  router.patch('/Groups/:id', async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const change = groupPatch(parsePatchRequest(req.body), id);
    const { group } = await updateGroup(deps, scimContext(res).tenantId, id, change, writeContext(req, res));
    if (projectionOf(req).asked) return answerGroup(deps, req, res, group, 200);
    res.setHeader('ETag', etagOf(group.version));
    res.status(204).end();
  });

  router.delete('/Groups/:id', async (req: Request, res: Response) => {
    await deleteGroup(deps, scimContext(res).tenantId, String(req.params.id), writeContext(req, res));
    res.status(204).end();
  });

  return router;
}
