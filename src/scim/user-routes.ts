import { Router, type Request, type Response } from 'express';
import { createUser, deleteUser, updateUser, type UserDoc } from '../people/index.js';
import type { DomainDeps } from '../domain/index.js';
import { scimContext } from './auth.js';
import { projectionParams } from './list-query.js';
import { parsePatchRequest } from './patch/patch-request.js';
import { renderAll, USERS } from './resource-kind.js';
import { parseProjection, project } from './resources/projection.js';
import { locationOf } from './resources/scim-output.js';
import { patchUser, userFromCreate, userReplacement } from './resources/user-resource.js';
import { sendResource } from './respond.js';
import { writeContext } from './write-context.js';

// POST /Users (RFC 7644 §3.3), PUT (§3.5.1), PATCH (§3.5.2) and DELETE (§3.6) /Users/{id}.

function projectionOf(req: Request) {
  const { attributes, excludedAttributes } = projectionParams(req.query as Record<string, unknown>);
  return parseProjection(USERS.map.resource, attributes, excludedAttributes);
}

async function answerUser(deps: DomainDeps, req: Request, res: Response, user: UserDoc): Promise<void> {
  const [resource] = await renderAll(USERS, deps.store, scimContext(res), [user], projectionOf(req));
  sendResource(res, 200, resource, user.version);
}

export function userWriteRoutes(deps: DomainDeps): Router {
  const router = Router();

  router.post('/Users', async (req: Request, res: Response) => {
    const ctx = scimContext(res);
    const user = await createUser(deps, ctx.tenantId, userFromCreate(req.body), writeContext(req, res));
    // A new user belongs to no group yet, so no membership read is needed to render it.
    const location = locationOf(ctx.baseUrl, USERS.map.resource, user._id);
    sendResource(res, 201, project(USERS.render(ctx.baseUrl, user, []), projectionOf(req)), user.version, location);
  });

  router.put('/Users/:id', async (req: Request, res: Response) => {
    const replacement = userReplacement(req.body);
    const user = await updateUser(
      deps,
      scimContext(res).tenantId,
      String(req.params.id),
      replacement,
      writeContext(req, res),
    );
    await answerUser(deps, req, res, user);
  });

  router.patch('/Users/:id', async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const operations = parsePatchRequest(req.body);
    const user = await updateUser(
      deps,
      scimContext(res).tenantId,
      id,
      (current) => patchUser(current, operations, id),
      writeContext(req, res),
    );
    await answerUser(deps, req, res, user);
  });

  router.delete('/Users/:id', async (req: Request, res: Response) => {
    await deleteUser(deps, scimContext(res).tenantId, String(req.params.id), writeContext(req, res));
    res.status(204).end();
  });

  return router;
}
