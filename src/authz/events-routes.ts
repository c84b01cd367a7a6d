import type { Router } from 'express';
import { listEvents, parseEventsQuery } from '../audit-log/index.js';
import { ROSTER_PERMISSIONS as P } from './admin-permissions.js';
import type { AuthzContext } from './context.js';
import type { PermissionGuard } from './guard.js';
import { principalOf } from './http-input.js';

// GET /v1/events: the caller's tenant's domain events in commit order, 30 days back, so an
// application that missed webhooks can catch up by polling with the cursor it was last given.

export function mountEventsRoutes(router: Router, ctx: AuthzContext, guard: PermissionGuard): void {
  router.get('/v1/events', guard.requirePermission(P.eventsRead), async (req, res) => {
    const page = await listEvents(ctx.directory, principalOf(res).tenantId, parseEventsQuery(req.query));
    res.json({ data: page.data, cursor: page.cursor, has_more: page.hasMore });
  });
}
