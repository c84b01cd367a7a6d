import type { AuditEventDoc } from '../audit/index.js';
import type { ConnectorSync } from './connector-targets.js';
import type { DomainDeps } from '../domain/index.js';
import { listTenants, type TenantDoc } from '../tenants/index.js';

// What the ops console and `roster status` show per tenant, read from the store: how much is
// provisioned, when the IdP last pushed, how logins went, and how each connector and SIEM stream
// is doing. Counts use indexed filters (tenantId first); the audit counts look back one day.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface TargetStatus {
  id: string;
  name: string;
  kind: string;
  state: string;
  reason?: string;
  lastError?: string;
  lastSuccessAt?: string;
  pending?: number;
  failedLastHour?: number;
  deadLetters?: number;
  lagSeconds?: number;
  extra?: Record<string, unknown>;
  /** Connectors only: Roster against downstream, the deletion guard, the quarantine probe, the last full sync. */
  sync?: ConnectorSync;
}

export interface TenantStatus {
  tenantId: string;
  name: string;
  plan: string;
  users: number;
  groups: number;
  scim: { lastWriteAt?: string; rejectedLastHour: number };
  saml: { loginsLastDay: number; failuresLastDay: number; lastFailure?: string };
  connectors: TargetStatus[];
  streams: TargetStatus[];
}

/** Adds per-target detail that lives outside the store (queues, lag): the composition root wires it. */
export interface TargetStatusSource {
  connectors(tenantId: string): Promise<TargetStatus[]>;
  streams(tenantId: string): Promise<TargetStatus[]>;
}

const NO_TARGETS: TargetStatusSource = { connectors: async () => [], streams: async () => [] };

async function auditCounts(deps: DomainDeps, tenantId: string, now: number) {
  const audit = deps.store.collection<AuditEventDoc>('auditEvents');
  const dayAgo = new Date(now - DAY_MS).toISOString();
  const hourAgo = new Date(now - HOUR_MS).toISOString();
  const [logins, failures, lastFailure, rejected, lastWrite] = await Promise.all([
    audit.countDocuments({ tenantId, action: 'user.login', time: { $gte: dayAgo } }),
    audit.countDocuments({ tenantId, action: 'user.login_failed', time: { $gte: dayAgo } }),
    audit.findOne({ tenantId, action: 'user.login_failed' }, { sort: { seq: -1 } }),
    audit.countDocuments({ tenantId, action: 'scim_token.rejected', time: { $gte: hourAgo } }),
    audit.findOne({ tenantId, 'actor.type': 'scim_token' }, { sort: { seq: -1 } }),
  ]);
  return {
    scim: { lastWriteAt: lastWrite?.time, rejectedLastHour: rejected },
    saml: { loginsLastDay: logins, failuresLastDay: failures, lastFailure: lastFailure?.reason },
  };
}

export async function tenantStatus(
  deps: DomainDeps,
  tenant: TenantDoc,
  targets: TargetStatusSource = NO_TARGETS,
): Promise<TenantStatus> {
  const now = (deps.now ? deps.now() : new Date()).getTime();
  const [users, groups, audit, connectors, streams] = await Promise.all([
    deps.store.collection('users').countDocuments({ tenantId: tenant._id }),
    deps.store.collection('groups').countDocuments({ tenantId: tenant._id }),
    auditCounts(deps, tenant._id, now),
    targets.connectors(tenant._id),
    targets.streams(tenant._id),
  ]);
  return { tenantId: tenant._id, name: tenant.name, plan: tenant.plan, users, groups, ...audit, connectors, streams };
}

export async function platformStatus(deps: DomainDeps, targets?: TargetStatusSource): Promise<TenantStatus[]> {
  const tenants = await listTenants(deps);
  return Promise.all(tenants.map((t) => tenantStatus(deps, t, targets)));
}
