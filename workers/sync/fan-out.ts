import { listConnectors, type ConnectorDoc } from '../../src/connectors/index.js';
import type { EventJob, SyncJob } from '../../src/queue/index.js';

// Which sync jobs a directory event causes, per active connector of the tenant. The jobs name
// objects only; each reads the current desired state when it runs.

type Target = Pick<SyncJob, 'kind' | 'objectId'> & { onlyScoped?: boolean };
type Targets = (event: EventJob) => Target[];

const user: Targets = (e) => [{ kind: 'user', objectId: e.subject }];
const group: Targets = (e) => [{ kind: 'group', objectId: e.subject }];
const member: Targets = (e) => [
  { kind: 'group', objectId: e.subject },
  // With scope = chosen groups the member's scope may change, so its user job runs too.
  { kind: 'user', objectId: String(e.payload.userId), onlyScoped: true },
];
const deletedUser: Targets = (e) => [
  { kind: 'user', objectId: e.subject },
  ...((e.payload.groupIds as string[] | undefined) ?? []).map((objectId) => ({ kind: 'group' as const, objectId })),
];

export const FAN_OUT: Record<string, Targets> = {
  'user.created': user,
  'user.updated': user,
  'user.deactivated': user,
  'user.reactivated': user,
  'user.roles_changed': user,
  'user.deleted': deletedUser,
  'group.created': group,
  'group.updated': group,
  'group.deleted': group,
  'group.member_added': member,
  'group.member_removed': member,
};

export function isDirectoryEvent(type: string): boolean {
  return Object.hasOwn(FAN_OUT, type);
}

export function jobsFor(event: EventJob, connectors: ConnectorDoc[]): SyncJob[] {
  const targets = FAN_OUT[event.type]?.(event) ?? [];
  const changedAt = Date.parse(event.createdAt);
  return connectors
    .filter((c) => c.state.status === 'active')
    .flatMap((c) =>
      targets
        .filter((t) => !t.onlyScoped || c.scope.type === 'groups')
        .map((t) => ({
          kind: t.kind,
          objectId: t.objectId,
          tenantId: event.tenantId,
          connectorId: c._id,
          mode: 'live' as const,
          changedAt,
        })),
    );
}

/** A tenant's connectors, read at most once per second per process (events come in bursts). */
export function createConnectorLister(store: Parameters<typeof listConnectors>[0], ttlMs = 1000) {
  const cache = new Map<string, { at: number; docs: Promise<ConnectorDoc[]> }>();
  return (tenantId: string): Promise<ConnectorDoc[]> => {
    const hit = cache.get(tenantId);
    if (hit && Date.now() - hit.at < ttlMs) return hit.docs;
    const docs = listConnectors(store, tenantId);
    cache.set(tenantId, { at: Date.now(), docs });
    return docs;
  };
}
