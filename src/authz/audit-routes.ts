import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, RequestHandler, Response, Router } from 'express';
import {
  accessReport,
  enumParam,
  EXPORT_CONTENT_TYPES,
  EXPORT_FORMATS,
  exportChunks,
  getRetention,
  invalidParameter,
  iterateAudit,
  listAudit,
  parseAccessReportQuery,
  parseAuditQuery,
  setRetention,
} from '../audit-log/index.js';
import { ROSTER_PERMISSIONS as P } from './admin-permissions.js';
import type { AuthzContext } from './context.js';
import type { PermissionGuard } from './guard.js';
import { parse, principalOf } from './http-input.js';
import { retentionSchema } from './schemas.js';

// The audit trail of the caller's tenant: pages, the design 001 access report, a streamed export
// and the tenant's retention. Query building and paging live in src/audit-log.

function query(req: Request): Record<string, unknown> {
  return req.query as Record<string, unknown>;
}

async function sendExport(ctx: AuthzContext, req: Request, res: Response): Promise<void> {
  const raw = { ...query(req) };
  const format = enumParam(raw, 'format', EXPORT_FORMATS) ?? 'ndjson';
  if (raw.limit !== undefined) throw invalidParameter('limit', 'an export holds every match; page with GET /v1/audit');
  delete raw.format;
  const audit = parseAuditQuery(raw);
  const { tenantId } = principalOf(res);
  res.status(200).type(EXPORT_CONTENT_TYPES[format]);
  res.setHeader('content-disposition', `attachment; filename="audit-${tenantId}.${format}"`);
  // pipeline() waits for 'drain' whenever the client reads slower than the store is paged.
  await pipeline(Readable.from(exportChunks(iterateAudit(ctx.directory, tenantId, audit), format)), res).catch(
    (err: unknown) => {
      if (!res.destroyed) throw err;
      req.log?.warn({ err: (err as Error).message }, 'audit export ended early (client went away)');
    },
  );
}

export function mountAuditRoutes(
  router: Router,
  ctx: AuthzContext,
  guard: PermissionGuard,
  json: RequestHandler,
): void {
  router.get('/v1/audit', guard.requirePermission(P.auditView), async (req, res) => {
    const page = await listAudit(ctx.directory, principalOf(res).tenantId, parseAuditQuery(query(req)));
    res.json({ data: page.data, next_cursor: page.nextCursor });
  });

  router.get('/v1/audit/export', guard.requirePermission(P.auditView), (req, res) => sendExport(ctx, req, res));

  router.get('/v1/audit/reports/access', guard.requirePermission(P.auditView), async (req, res) => {
    res.json(await accessReport(ctx.directory, principalOf(res).tenantId, parseAccessReportQuery(query(req))));
  });

  router.get('/v1/audit/retention', guard.requirePermission(P.auditView), async (_req, res) => {
    res.json(await getRetention(ctx.directory, principalOf(res).tenantId, ctx.auditRetentionDays));
  });

  router.put('/v1/audit/retention', json, guard.requirePermission(P.auditManage), async (req, res) => {
    const principal = principalOf(res);
    const { days } = parse(retentionSchema, req.body);
    res.json(
      await setRetention(ctx.directory, principal.tenantId, {
        days,
        actor: principal.actor,
        defaultDays: ctx.auditRetentionDays,
      }),
    );
  });
}
