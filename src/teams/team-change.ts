import type { Actor, AuditInput, DomainEventInput } from '../audit/index.js';
import { recomputeEffectiveRoles } from '../access/index.js';
import type { DomainDeps } from '../domain/index.js';
import type { MembershipDoc } from '../people/index.js';
import type { Db } from '../store/index.js';
import type { TeamDoc, TeamMemberDoc } from './types.js';

// Every team change is one transaction: the write, its domain events (the downstream sync
// carries teams like groups), one audit record per event, and the recomputation of the roles of
// everyone whose team memberships moved (docs/architecture.md, Data flow 2).

export interface TeamChange<R> {
  result: R;
  events: DomainEventInput[];
  /** Users whose effective roles may have changed. */
  affected: string[];
}

export async function commitTeamChange<R>(
  deps: DomainDeps,
  tenantId: string,
  actor: Actor,
  work: (tx: Db) => Promise<TeamChange<R>>,
): Promise<R> {
  return deps.store.withTransaction(async (tx) => {
    const change = await work(tx);
    const audit: AuditInput[] = change.events.map((e) => ({
      action: e.type,
      actor,
      target: { type: e.type.startsWith('invitation.') ? 'invitation' : 'team', id: e.subject },
      outcome: 'success',
      details: e.payload,
    }));
    await deps.recorder.record(tx, tenantId, { events: change.events, audit });
    await recomputeEffectiveRoles(tx, deps.recorder, tenantId, change.affected, actor);
    return change.result;
  });
}

/** Everyone in a team: its own members and, for a team mapped from an IdP group, the group's members. */
export async function teamUserIds(tx: Db, team: TeamDoc): Promise<string[]> {
  const own = await tx
    .collection<TeamMemberDoc>('teamMembers')
    .find({ tenantId: team.tenantId, teamId: team._id }, { projection: { userId: 1 } });
  const mapped = team.groupId
    ? await tx
        .collection<MembershipDoc>('memberships')
        .find({ tenantId: team.tenantId, groupId: team.groupId }, { projection: { userId: 1 } })
    : [];
  return [...new Set([...own, ...mapped].map((m) => m.userId))];
}
