import type { Actor, AuditInput, DomainEventInput, Recorder } from '../audit/index.js';
import { findUser } from '../access/index.js';
import { generateInvitationToken, hashSecret, secretHint } from '../credentials/index.js';
import { newId, nowIso, type DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';
import type { UserDoc } from '../people/index.js';
import type { Db } from '../store/index.js';
import { assertTeamRole } from './members.js';
import { commitTeamChange } from './team-change.js';
import { getTeam } from './teams.js';
import type { InvitationDoc, TeamMemberDoc } from './types.js';

// Invitations by email (design 001 inviteMember): a single-use token, shown once and stored hashed
// like every secret Roster issues, with an expiry. The invitee joins the team when they are first
// provisioned (SCIM createUser) or log in by SAML with the invited email, or when an application
// presents the token for them; the invitation is then spent. A pending one can be revoked.

const DAY_MS = 86_400_000;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
export const DEFAULT_INVITATION_DAYS = 7;

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export function invitationStatus(inv: InvitationDoc, now: Date): InvitationStatus {
  if (inv.state === 'pending' && Date.parse(inv.expiresAt) <= now.getTime()) return 'expired';
  return inv.state;
}

export function invitationView(inv: InvitationDoc, now: Date) {
  return {
    id: inv._id,
    teamId: inv.teamId,
    email: inv.email,
    role: inv.role,
    hint: inv.hint,
    status: invitationStatus(inv, now),
    expiresAt: inv.expiresAt,
    createdAt: inv.createdAt,
    acceptedAt: inv.acceptedAt ?? null,
    acceptedBy: inv.acceptedBy ?? null,
    revokedAt: inv.revokedAt ?? null,
  };
}

const clock = (deps: Pick<DomainDeps, 'now'>) => (deps.now ? deps.now() : new Date());

export interface InviteInput {
  tenantId: string;
  team: string;
  email: string;
  role?: string;
  expiresInDays?: number;
  actor: Actor;
}

export async function createInvitation(
  deps: DomainDeps,
  input: InviteInput,
): Promise<{ invitation: InvitationDoc; token: string }> {
  const email = input.email.trim();
  if (!EMAIL.test(email) || email.length > 320) throw new RosterError('invalid_input', `"${email}" is not an email`);
  const role = assertTeamRole(input.role ?? 'member');
  const days = input.expiresInDays ?? DEFAULT_INVITATION_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > 90)
    throw new RosterError('invalid_input', 'an invitation expires in 1 to 90 days');
  const token = generateInvitationToken();
  const invitation = await commitTeamChange(deps, input.tenantId, input.actor, async (tx) => {
    const team = await getTeam(tx, input.tenantId, input.team);
    const doc: InvitationDoc = {
      _id: newId(),
      tenantId: input.tenantId,
      teamId: team._id,
      email,
      emailLower: email.toLowerCase(),
      role,
      tokenHash: hashSecret(token),
      hint: secretHint(token),
      state: 'pending',
      expiresAt: new Date(clock(deps).getTime() + days * DAY_MS).toISOString(),
      createdAt: nowIso(deps),
      createdBy: input.actor,
    };
    await tx.collection<InvitationDoc>('invitations').insertOne(doc);
    return {
      result: doc,
      events: [
        {
          type: 'invitation.created',
          subject: doc._id,
          payload: { teamId: team._id, teamName: team.name, email, role, expiresAt: doc.expiresAt },
        },
      ],
      affected: [],
    };
  });
  return { invitation, token };
}

export async function listInvitations(deps: DomainDeps, tenantId: string, teamRef: string): Promise<InvitationDoc[]> {
  const team = await getTeam(deps.store, tenantId, teamRef);
  return deps.store
    .collection<InvitationDoc>('invitations')
    .find({ tenantId, teamId: team._id }, { sort: { createdAt: 1 }, projection: { tokenHash: 0 } });
}

export async function revokeInvitation(
  deps: DomainDeps,
  input: { tenantId: string; id: string; actor: Actor },
): Promise<InvitationDoc> {
  return commitTeamChange(deps, input.tenantId, input.actor, async (tx) => {
    const revoked = await tx
      .collection<InvitationDoc>('invitations')
      .findOneAndUpdate(
        { _id: input.id, tenantId: input.tenantId, state: 'pending' },
        { $set: { state: 'revoked', revokedAt: nowIso(deps) } },
      );
    if (!revoked) throw new RosterError('not_found', `no pending invitation ${input.id} in tenant ${input.tenantId}`);
    return {
      result: revoked,
      events: [
        { type: 'invitation.revoked', subject: revoked._id, payload: { teamId: revoked.teamId, email: revoked.email } },
      ],
      affected: [],
    };
  });
}

/** Spends the invitation (only a pending one: single use) and adds the member unless already listed. */
async function spend(
  tx: Db,
  inv: InvitationDoc,
  user: UserDoc,
  time: string,
  via: string,
): Promise<DomainEventInput[] | null> {
  const spent = await tx
    .collection<InvitationDoc>('invitations')
    .updateOne(
      { _id: inv._id, tenantId: inv.tenantId, state: 'pending' },
      { $set: { state: 'accepted', acceptedAt: time, acceptedBy: user._id } },
    );
  if (spent.matchedCount === 0) return null;
  const events: DomainEventInput[] = [
    { type: 'invitation.accepted', subject: inv._id, payload: { teamId: inv.teamId, userId: user._id, via } },
  ];
  const members = tx.collection<TeamMemberDoc>('teamMembers');
  if (await members.findOne({ tenantId: inv.tenantId, teamId: inv.teamId, userId: user._id })) return events;
  await members.insertOne({
    _id: newId(),
    tenantId: inv.tenantId,
    teamId: inv.teamId,
    userId: user._id,
    role: inv.role,
    joinedAt: time,
    addedBy: { type: 'user', id: user._id },
    invitationId: inv._id,
  });
  events.push({
    type: 'team.member_added',
    subject: inv.teamId,
    payload: { userId: user._id, userName: user.userName, email: inv.email, role: inv.role, invitationId: inv._id },
  });
  return events;
}

function auditOf(events: DomainEventInput[], user: UserDoc): AuditInput[] {
  return events.map((e) => ({
    action: e.type,
    actor: { type: 'user', id: user._id },
    target: { type: e.type.startsWith('invitation.') ? 'invitation' : 'team', id: e.subject },
    outcome: 'success',
    details: e.payload,
  }));
}

/**
 * The pending, unexpired invitations to the user's email (its primary email or its userName).
 * Read by (tenantId, emailLower) alone, which the tenant_email index answers exactly; the state
 * and expiry are checked here (a few rows per email at most).
 */
export async function liveInvitationsFor(tx: Db, user: UserDoc, now: Date): Promise<InvitationDoc[]> {
  const emails = [...new Set([user.primaryEmailLower, user.userNameLower].filter((e): e is string => !!e))];
  if (!emails.some((e) => e.includes('@'))) return [];
  const invited = await tx
    .collection<InvitationDoc>('invitations')
    .find({ tenantId: user.tenantId, emailLower: { $in: emails } });
  return invited.filter((inv) => inv.state === 'pending' && Date.parse(inv.expiresAt) > now.getTime());
}

/**
 * Accepts every pending, unexpired invitation to the user's email (`live`: what
 * liveInvitationsFor found, when the caller has read it already), inside the caller's
 * transaction (SCIM createUser, SAML login), before the caller recomputes the user's roles.
 * Returns whether any was accepted.
 */
export async function acceptInvitationsFor(
  tx: Db,
  recorder: Recorder,
  user: UserDoc,
  now: Date,
  via: string,
  live?: InvitationDoc[],
): Promise<boolean> {
  const events: DomainEventInput[] = [];
  for (const inv of live ?? (await liveInvitationsFor(tx, user, now)))
    events.push(...((await spend(tx, inv, user, now.toISOString(), via)) ?? []));
  if (events.length) await recorder.record(tx, user.tenantId, { events, audit: auditOf(events, user) });
  return events.length > 0;
}

/** An application presents the invitation's token for a user (any email): single use, until it expires. */
export async function acceptInvitationToken(
  deps: DomainDeps,
  input: { tenantId: string; token: string; user: string },
): Promise<InvitationDoc> {
  const user = await findUser(deps.store, input.tenantId, input.user);
  if (!user) throw new RosterError('not_found', `user ${input.user} does not exist in tenant ${input.tenantId}`);
  return commitTeamChange(deps, input.tenantId, { type: 'user', id: user._id }, async (tx) => {
    const inv = await tx
      .collection<InvitationDoc>('invitations')
      .findOne({ tenantId: input.tenantId, tokenHash: hashSecret(input.token) });
    if (!inv) throw new RosterError('not_found', 'no invitation has this token');
    const status = invitationStatus(inv, clock(deps));
    if (status === 'expired') throw new RosterError('invitation_expired', `the invitation expired at ${inv.expiresAt}`);
    if (status !== 'pending') throw new RosterError('invitation_not_pending', `the invitation is already ${status}`);
    const events = await spend(tx, inv, user, nowIso(deps), 'token');
    if (!events) throw new RosterError('invitation_not_pending', 'the invitation was just used');
    const accepted = (await tx
      .collection<InvitationDoc>('invitations')
      .findOne({ _id: inv._id, tenantId: inv.tenantId }))!;
    return { result: accepted, events, affected: [user._id] };
  });
}
