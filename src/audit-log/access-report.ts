import type { AuditEventDoc } from '../audit/index.js';
import type { DomainDeps } from '../domain/index.js';
import type { Filter } from '../store/index.js';
import {
  assertKnownParameters,
  invalidParameter,
  type RawParams,
  stringParam,
  timeFilter,
  timeRange,
} from './params.js';

// The per-user access report of design 001 (generateAccessReport): granted and denied decisions,
// the resources granted and how many distinct ones, over a date range. Read from the
// access.granted / access.denied audit records in keyset batches; only the per-resource tallies
// are held, never the records.

export interface AccessReportQuery {
  user: string;
  from?: string;
  to?: string;
}

export interface ResourceTally {
  /** `kind:id`, or `permission:<permission>` for a check that named no resource. */
  resource: string;
  granted: number;
  denied: number;
  lastDecisionAt: string;
}

export interface AccessReport {
  user: string;
  from: string | null;
  to: string | null;
  /** Design 001's names: granted decisions, denied decisions, the distinct granted resources. */
  totalAccesses: number;
  deniedAccesses: number;
  resourcesAccessed: string[];
  uniqueResources: number;
  resources: ResourceTally[];
}

export function parseAccessReportQuery(raw: RawParams): AccessReportQuery {
  assertKnownParameters(raw, ['user', 'from', 'to']);
  const user = stringParam(raw, 'user');
  if (user === undefined) throw invalidParameter('user', 'is required (a user id or userName)');
  return { user, ...timeRange(raw) };
}

const ACCESS_ACTIONS = { $in: ['access.granted', 'access.denied'] };
const BATCH = 1000;

/**
 * A decision is "the user's" when the user asked (the actor) or was asked about (the subject an
 * application named; src/authz/authorize-routes.ts). Two index walks, the second skipping what the
 * first counted.
 */
async function* decisionsOf(deps: DomainDeps, tenantId: string, query: AccessReportQuery) {
  const time = timeFilter(query);
  // The user's own index leads; action and time are checked on the rows it walks (see auditFilter).
  const $and: Filter[] = [{ action: ACCESS_ACTIONS }, ...(time ? [{ time }] : [])];
  const walks: Array<[Filter, (doc: AuditEventDoc) => boolean]> = [
    [{ tenantId, actorId: query.user, $and }, () => true],
    [{ tenantId, 'details.subject': query.user, $and }, (doc) => doc.actorId !== query.user],
  ];
  for (const [filter, keep] of walks) {
    let after = 0;
    for (;;) {
      const batch = await deps.store
        .collection<AuditEventDoc>('auditEvents')
        .find({ ...filter, seq: { $gt: after } }, { sort: { seq: 1 }, limit: BATCH });
      for (const doc of batch) if (keep(doc)) yield doc;
      if (batch.length < BATCH) break;
      after = batch[batch.length - 1].seq;
    }
  }
}

function resourceOf(doc: AuditEventDoc): string {
  return doc.target ? `${doc.target.type}:${doc.target.id}` : 'unknown';
}

export async function accessReport(
  deps: DomainDeps,
  tenantId: string,
  query: AccessReportQuery,
): Promise<AccessReport> {
  const tallies = new Map<string, ResourceTally>();
  for await (const doc of decisionsOf(deps, tenantId, query)) {
    const resource = resourceOf(doc);
    const tally = tallies.get(resource) ?? { resource, granted: 0, denied: 0, lastDecisionAt: doc.time };
    if (doc.action === 'access.granted') tally.granted++;
    else tally.denied++;
    if (doc.time > tally.lastDecisionAt) tally.lastDecisionAt = doc.time;
    tallies.set(resource, tally);
  }
  const resources = [...tallies.values()].sort((a, b) => a.resource.localeCompare(b.resource));
  const accessed = resources.filter((r) => r.granted > 0).map((r) => r.resource);
  return {
    user: query.user,
    from: query.from ?? null,
    to: query.to ?? null,
    totalAccesses: resources.reduce((n, r) => n + r.granted, 0),
    deniedAccesses: resources.reduce((n, r) => n + r.denied, 0),
    resourcesAccessed: accessed,
    uniqueResources: accessed.length,
    resources,
  };
}
