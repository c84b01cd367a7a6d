import type { Request, Response } from 'express';
import type { AuditInput } from '../audit/index.js';
import type { Decision } from '../rbac/index.js';
import type { AuthzContext } from './context.js';
import { requestIdOf } from './http-input.js';
import type { Principal } from './principal.js';
import type { CheckInput } from './schemas.js';

// Every decision that matters is audited (design 000 requirePermission, design 001 access audit log):
// denials always, tallied per subject × permission × resource × minute (src/audit/tally.ts) so a
// looping client cannot flood the store; grants when the asking application sets `audit: true`.

/** The largest number of denied catalogue ids named in one catalogue record. */
const CATALOGUE_SAMPLE = 50;

function decisionRecord(
  req: Request,
  res: Response,
  principal: Principal,
  check: CheckInput,
  decision: Decision,
): AuditInput {
  return {
    action: decision.allow ? 'access.granted' : 'access.denied',
    actor: principal.actor,
    target: { type: check.resource?.kind ?? 'permission', id: check.resource?.id ?? check.permission ?? '' },
    outcome: decision.allow ? 'success' : 'denied',
    reason: decision.reason,
    sourceIp: req.ip,
    requestId: requestIdOf(res),
    details: { subject: check.subject ?? principal.actor.id, permission: check.permission },
  };
}

export async function auditDecisions(
  ctx: AuthzContext,
  req: Request,
  res: Response,
  principal: Principal,
  items: Array<{ check: CheckInput; decision: Decision }>,
  recordGrants: boolean,
): Promise<void> {
  const denials = items.filter((i) => !i.decision.allow);
  if (denials.length) {
    const audit = denials.map(({ check, decision }) => decisionRecord(req, res, principal, check, decision));
    await ctx.denials.add(principal.tenantId, audit);
  }
  const grants = recordGrants ? items.filter((i) => i.decision.allow) : [];
  if (grants.length) {
    const audit = grants.map(({ check, decision }) => decisionRecord(req, res, principal, check, decision));
    await ctx.store.withTransaction((tx) => ctx.recorder.record(tx, principal.tenantId, { audit }));
  }
}

/** One tallied record per subject × kind × minute for what a catalogue filter dropped (design 002). */
export async function auditCatalogueDenials(
  ctx: AuthzContext,
  req: Request,
  res: Response,
  principal: Principal,
  input: { subject?: string; kind: string; denied: Record<string, string> },
): Promise<void> {
  const ids = Object.keys(input.denied);
  if (ids.length === 0) return;
  const sample = ids.slice(0, CATALOGUE_SAMPLE);
  await ctx.denials.add(principal.tenantId, [
    {
      action: 'access.denied',
      actor: principal.actor,
      target: { type: input.kind, id: '(catalogue)' },
      outcome: 'denied',
      reason: input.denied[ids[0]],
      sourceIp: req.ip,
      requestId: requestIdOf(res),
      details: {
        subject: input.subject ?? principal.actor.id,
        deniedCount: ids.length,
        denied: Object.fromEntries(sample.map((id) => [id, input.denied[id]])),
      },
    },
  ]);
}
