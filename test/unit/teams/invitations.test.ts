import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/people/index.js';
import {
  acceptInvitationToken,
  assertTeamRole,
  createInvitation,
  createTeam,
  DEFAULT_INVITATION_DAYS,
  type InvitationDoc,
  invitationStatus,
  invitationView,
  listInvitations,
  revokeInvitation,
} from '../../../src/teams/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { rejectionOf as refusal } from '../../helpers/errors.js';
import { tempDirectory } from '../../helpers/store.js';

const actor = { type: 'cli' as const, id: 'test' };

describe('invitation status', () => {
  const inv = (state: InvitationDoc['state'], expiresAt: string) => ({ state, expiresAt }) as InvitationDoc;
  const now = new Date('2027-01-10T00:00:00.000Z');

  it('is expired from the expiry instant on, only while pending', () => {
    expect(invitationStatus(inv('pending', '2027-01-10T00:00:00.001Z'), now)).toBe('pending');
    expect(invitationStatus(inv('pending', '2027-01-10T00:00:00.000Z'), now)).toBe('expired');
    expect(invitationStatus(inv('accepted', '2027-01-01T00:00:00.000Z'), now)).toBe('accepted');
    expect(invitationStatus(inv('revoked', '2027-01-01T00:00:00.000Z'), now)).toBe('revoked');
  });

  it('views never carry the token hash, and say null for what has not happened', () => {
    const doc = { ...inv('pending', '2027-02-01T00:00:00.000Z'), _id: 'i1', tokenHash: 'h', hint: 'abcd' };
    const view = invitationView(doc as InvitationDoc, now);
    expect(JSON.stringify(view)).not.toContain('tokenHash');
    expect(view).toMatchObject({ id: 'i1', status: 'pending', acceptedAt: null, acceptedBy: null, revokedAt: null });
  });
});

describe('team roles', () => {
  it('accepts owner, admin and member and names them when refusing another', () => {
    expect(['owner', 'admin', 'member'].map(assertTeamRole)).toEqual(['owner', 'admin', 'member']);
    expect(() => assertTeamRole('Owner')).toThrow('team role must be one of owner, admin, member');
  });
});

describe('invitations (embedded store)', () => {
  let clock = new Date('2027-01-01T00:00:00.000Z');
  let deps: Awaited<ReturnType<typeof tempDirectory>>;
  let teamId = '';

  beforeEach(async () => {
    clock = new Date('2027-01-01T00:00:00.000Z');
    deps = await tempDirectory(() => clock);
    await createTenant(deps, { id: 'acme', actor });
    teamId = (await createTeam(deps, { tenantId: 'acme', name: 'Platform', actor }))._id;
  });
  afterEach(() => deps.close());

  const invite = (input: Partial<Parameters<typeof createInvitation>[1]> = {}) =>
    createInvitation(deps, { tenantId: 'acme', team: 'platform', email: 'Ada@Acme.test', actor, ...input });

  it(`expires after ${DEFAULT_INVITATION_DAYS} days by default, as a member, keeping the email as typed`, async () => {
    const { invitation, token } = await invite({ email: '  Ada@Acme.test ' });
    expect(invitation).toMatchObject({ email: 'Ada@Acme.test', role: 'member', state: 'pending', teamId });
    expect(invitation.expiresAt).toBe('2027-01-08T00:00:00.000Z');
    expect(JSON.stringify(invitation)).not.toContain(token);
  });

  it.each([
    [1, '2027-01-02T00:00:00.000Z'],
    [90, '2027-04-01T00:00:00.000Z'],
  ])('accepts an expiry of %i days', async (days, expiresAt) => {
    expect((await invite({ expiresInDays: days })).invitation.expiresAt).toBe(expiresAt);
  });

  it.each([0, 91, 1.5, -1])('refuses an expiry of %s days and stores nothing', async (days) => {
    expect(await refusal(invite({ expiresInDays: days }))).toEqual({
      code: 'invalid_input',
      message: 'an invitation expires in 1 to 90 days',
    });
    expect(await listInvitations(deps, 'acme', teamId)).toEqual([]);
  });

  it.each(['ada', 'ada@', '@acme.test', 'ada @acme.test', `${'a'.repeat(320)}@x.io`])(
    'refuses the email %j',
    async (email) => {
      expect((await refusal(invite({ email }))).code).toBe('invalid_input');
    },
  );

  it('refuses an unknown role or team', async () => {
    expect((await refusal(invite({ role: 'boss' }))).message).toContain('team role must be one of');
    expect(await refusal(invite({ team: 'nope' }))).toEqual({
      code: 'not_found',
      message: 'team nope does not exist in tenant acme',
    });
  });

  it('lets a token be used once, by any user, until the expiry instant', async () => {
    const { token } = await invite({ role: 'admin', expiresInDays: 1 });
    const bob = await createUser(
      deps,
      'acme',
      { userName: 'bob@other.test', active: true },
      { actor, source: 'admin' },
    );
    clock = new Date('2027-01-01T23:59:59.999Z');
    const accepted = await acceptInvitationToken(deps, { tenantId: 'acme', token, user: bob._id });
    expect(accepted).toMatchObject({ state: 'accepted', acceptedBy: bob._id, acceptedAt: '2027-01-01T23:59:59.999Z' });
    expect(await refusal(acceptInvitationToken(deps, { tenantId: 'acme', token, user: bob._id }))).toEqual({
      code: 'invitation_not_pending',
      message: 'the invitation is already accepted',
    });
  });

  it('refuses a token at its expiry instant with invitation_expired (410)', async () => {
    const { token } = await invite({ expiresInDays: 1 });
    const bob = await createUser(deps, 'acme', { userName: 'bob', active: true }, { actor, source: 'admin' });
    clock = new Date('2027-01-02T00:00:00.000Z');
    expect(await refusal(acceptInvitationToken(deps, { tenantId: 'acme', token, user: bob._id }))).toEqual({
      code: 'invitation_expired',
      message: 'the invitation expired at 2027-01-02T00:00:00.000Z',
    });
  });

  it('refuses a revoked token, an unknown token, a token of another tenant and an unknown user', async () => {
    const { invitation, token } = await invite();
    await createTenant(deps, { id: 'globex', actor });
    const bob = await createUser(deps, 'acme', { userName: 'bob', active: true }, { actor, source: 'admin' });
    await createUser(deps, 'globex', { userName: 'bob', active: true }, { actor, source: 'admin' });
    expect((await refusal(acceptInvitationToken(deps, { tenantId: 'globex', token, user: 'bob' }))).code).toBe(
      'not_found',
    );
    expect((await refusal(acceptInvitationToken(deps, { tenantId: 'acme', token, user: 'nobody' }))).message).toBe(
      'user nobody does not exist in tenant acme',
    );
    expect((await refusal(acceptInvitationToken(deps, { tenantId: 'acme', token: 'x', user: bob._id }))).message).toBe(
      'no invitation has this token',
    );
    await revokeInvitation(deps, { tenantId: 'acme', id: invitation._id, actor });
    expect((await refusal(acceptInvitationToken(deps, { tenantId: 'acme', token, user: bob._id }))).message).toBe(
      'the invitation is already revoked',
    );
    expect((await refusal(revokeInvitation(deps, { tenantId: 'acme', id: invitation._id, actor }))).code).toBe(
      'not_found',
    );
  });

  it('lists a team invitations oldest first without their token hashes', async () => {
    await invite({ email: 'first@acme.test' });
    clock = new Date('2027-01-01T00:00:01.000Z');
    await invite({ email: 'second@acme.test' });
    const listed = await listInvitations(deps, 'acme', 'Platform');
    expect(listed.map((i) => i.email)).toEqual(['first@acme.test', 'second@acme.test']);
    expect(listed.every((i) => !('tokenHash' in i))).toBe(true);
  });
});
