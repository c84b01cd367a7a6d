import type { RequestHandler, Response, Router } from 'express';
import { RosterError } from '../errors/index.js';
import {
  addStream,
  getStream,
  listStreams,
  metricsOf,
  pauseStream,
  removeStream,
  replayStream,
  resumeStream,
  testStream,
  updateStream,
  viewStream,
  type SiemStreamDeps,
} from '../siem-streams/index.js';
import { ROSTER_PERMISSIONS as P } from './admin-permissions.js';
import type { AuthzContext } from './context.js';
import type { PermissionGuard } from './guard.js';
import { param, principalOf } from './http-input.js';

// Admin API for the calling key's tenant's SIEM streams (problem+json errors). Secrets go in and
// never come out: a stream is shown with each secret field as "[set]" (src/siem-streams/stream-view.ts).

function streamDeps(ctx: AuthzContext): SiemStreamDeps {
  if (!ctx.siem)
    throw new RosterError('siem_streams_unavailable', 'SIEM streams are not configured on this server', {
      expose: true,
    });
  return { ...ctx.directory, ...ctx.siem };
}

function ref(res: Response, stream: string) {
  const principal = principalOf(res);
  return { tenantId: principal.tenantId, stream, actor: principal.actor };
}

export function mountSiemRoutes(router: Router, ctx: AuthzContext, guard: PermissionGuard, json: RequestHandler): void {
  const view = guard.requirePermission(P.siemView);
  const manage = guard.requirePermission(P.siemManage);
  const id = (req: Parameters<RequestHandler>[0]) => param(req, 'id');

  router.get('/v1/siem/streams', view, async (_req, res) => {
    const docs = await listStreams(ctx.directory, principalOf(res).tenantId);
    res.json({ streams: docs.map(viewStream) });
  });

  router.post('/v1/siem/streams', json, manage, async (req, res) => {
    const principal = principalOf(res);
    const doc = await addStream(streamDeps(ctx), { ...req.body, tenantId: principal.tenantId, actor: principal.actor });
    res.status(201).location(`/v1/siem/streams/${doc._id}`).json(viewStream(doc));
  });

  router.get('/v1/siem/streams/:id', view, async (req, res) => {
    const doc = await getStream(ctx.directory, principalOf(res).tenantId, id(req));
    const { lagSeconds } = await metricsOf(ctx.store, doc, ctx.now());
    res.json({ ...viewStream(doc), lagSeconds });
  });

  router.patch('/v1/siem/streams/:id', json, manage, async (req, res) => {
    const doc = await updateStream(streamDeps(ctx), { ...ref(res, id(req)), changes: req.body });
    res.json(viewStream(await getStream(ctx.directory, doc.tenantId, doc._id)));
  });

  router.delete('/v1/siem/streams/:id', manage, async (req, res) => {
    await removeStream(streamDeps(ctx), ref(res, id(req)));
    res.status(204).end();
  });

  router.post('/v1/siem/streams/:id/pause', manage, async (req, res) => {
    res.json(viewStream(await pauseStream(streamDeps(ctx), ref(res, id(req)))));
  });

  router.post('/v1/siem/streams/:id/resume', manage, async (req, res) => {
    res.json(viewStream(await resumeStream(streamDeps(ctx), ref(res, id(req)))));
  });

  router.post('/v1/siem/streams/:id/replay', json, manage, async (req, res) => {
    const from = (req.body as { from?: unknown } | undefined)?.from;
    if (from === undefined)
      throw new RosterError('invalid_input', 'expected {"from": "<ISO-8601 date-time>"} or {"from": <cursor>}');
    res.json(viewStream(await replayStream(streamDeps(ctx), { ...ref(res, id(req)), from: from as never })));
  });

  router.post('/v1/siem/streams/:id/test', manage, async (req, res) => {
    res.json(await testStream(streamDeps(ctx), ref(res, id(req))));
  });
}
