import type { Actor, AuditInput, DomainEventInput } from '../audit/index.js';
import { RosterError } from '../errors/index.js';
import type { Db } from '../store/index.js';
import { nowIso, type DomainDeps } from '../domain/index.js';
import { recomputeEffectiveRoles } from '../access/index.js';
import { acceptInvitationsFor } from '../teams/index.js';
import { replaceSamlMemberships, resolveGroups } from './saml-login-groups.js';
import type { MatchedBy, SamlLoginClaims, SamlLoginContext } from './saml-login-types.js';
import { matchUser, newSamlUser, updateSamlUser } from './saml-login-user.js';
import type { UserDoc } from '../people/index.js';

// Just-in-time login: upsert the user, replace their SAML memberships, recompute
// their roles, and write the domain events and the user.login audit record, all in one
// transaction. A refused login changes nothing; its user.login_failed record is written alone.

export interface SamlLoginResult {
  user: UserDoc;
  matchedBy: MatchedBy;
  groupsOverage: boolean;
}

async function upsertUser(tx: Db, tenantId: string, claims: SamlLoginClaims, time: string) {
  const match = await matchUser(tx, tenantId, claims);
  if (match.user && match.user.active === false) {
    throw new RosterError('saml_user_inactive', 'the user is deactivated', { details: { userId: match.user._id } });
  }
  if (match.user) return { ...(await updateSamlUser(tx, match.user, claims, time)), matchedBy: match.matchedBy! };
  const user = newSamlUser(tenantId, claims, time);
  await tx.collection<UserDoc>('users').insertOne(user);
  const events: DomainEventInput[] = [
    { type: 'user.created', subject: user._id, payload: { userName: user.userName, active: true, source: 'saml' } },
  ];
  return { user, events, matchedBy: 'created' as const };
}

async function syncGroups(
  tx: Db,
  tenantId: string,
  userId: string,
  claims: SamlLoginClaims,
  time: string,
): Promise<DomainEventInput[]> {
  if (claims.groups.kind === 'overage') return [];
  const { groups, events } = await resolveGroups(tx, tenantId, claims.groups, time);
  return [...events, ...(await replaceSamlMemberships(tx, tenantId, userId, groups, time))];
}

function loginAudit(
  user: UserDoc,
  input: { claims: SamlLoginClaims; context: SamlLoginContext },
  matchedBy: MatchedBy,
): AuditInput {
  const overage = input.claims.groups.kind === 'overage';
  return {
    action: 'user.login',
    actor: { type: 'user', id: user._id },
    target: { type: 'user', id: user._id },
    outcome: 'success',
    ...(overage
      ? { reason: 'groups overage: the IdP sent a link instead of the groups; existing memberships were kept' }
      : {}),
    ...(input.context.requestId ? { requestId: input.context.requestId } : {}),
    ...(input.context.sourceIp ? { sourceIp: input.context.sourceIp } : {}),
    details: { ...input.context.details, nameId: input.claims.nameId, matchedBy, groupsOverage: overage },
  };
}

async function loginOnce(
  deps: DomainDeps,
  input: { tenantId: string; claims: SamlLoginClaims; context: SamlLoginContext },
): Promise<SamlLoginResult> {
  return deps.store.withTransaction(async (tx) => {
    const time = nowIso(deps);
    const { user, events, matchedBy } = await upsertUser(tx, input.tenantId, input.claims, time);
    const groupEvents = await syncGroups(tx, input.tenantId, user._id, input.claims, time);
    await deps.recorder.record(tx, input.tenantId, {
      events: [...events, ...groupEvents],
      audit: [loginAudit(user, input, matchedBy)],
    });
    // Design 001 invitations: the invitee joins the team at their first login with the invited email.
    await acceptInvitationsFor(tx, deps.recorder, user, deps.now ? deps.now() : new Date(), 'saml');
    await recomputeEffectiveRoles(tx, deps.recorder, input.tenantId, [user._id], { type: 'user', id: user._id });
    const fresh = await tx.collection<UserDoc>('users').findOne({ _id: user._id, tenantId: input.tenantId });
    return { user: fresh ?? user, matchedBy, groupsOverage: input.claims.groups.kind === 'overage' };
  });
}

export async function samlLogin(
  deps: DomainDeps,
  input: { tenantId: string; claims: SamlLoginClaims; context: SamlLoginContext },
): Promise<SamlLoginResult> {
  try {
    return await loginOnce(deps, input);
  } catch (err) {
    // Two first logins of one user at once: the loser finds the winner's user on a second try.
    if (err instanceof RosterError && err.code === 'store_unique_violation') return loginOnce(deps, input);
    throw err;
  }
}

export interface LoginFailure {
  tenantId: string;
  code: string;
  reason: string;
  userId?: string;
  context: SamlLoginContext;
}

/** The user.login_failed audit record, in a transaction of its own (nothing else changed). */
export async function recordLoginFailure(deps: DomainDeps, failure: LoginFailure): Promise<void> {
  const actor: Actor = failure.userId
    ? { type: 'user', id: failure.userId }
    : { type: 'anonymous', id: failure.context.sourceIp ?? 'unknown' };
  await deps.store.withTransaction((tx) =>
    deps.recorder.record(tx, failure.tenantId, {
      audit: [
        {
          action: 'user.login_failed',
          actor,
          ...(failure.userId ? { target: { type: 'user', id: failure.userId } } : {}),
          outcome: failure.code === 'saml_user_inactive' ? 'denied' : 'failure',
          reason: `${failure.code}: ${failure.reason}`,
          ...(failure.context.requestId ? { requestId: failure.context.requestId } : {}),
          ...(failure.context.sourceIp ? { sourceIp: failure.context.sourceIp } : {}),
          details: { ...failure.context.details, code: failure.code },
        },
      ],
    }),
  );
}
