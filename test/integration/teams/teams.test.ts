import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventDoc, OutboxDoc } from '../../../src/audit/index.js';
import { createCredential } from '../../../src/credentials/index.js';
import { samlLogin } from '../../../src/sso/index.js';
import { authzFixture, testClock, type AuthzFixture } from '../authz/authz-fixture.js';

// Design 001 Step 4 over real HTTP: teams with members and team roles that feed the RBAC engine,
// invitations by email accepted at SCIM provisioning or first SAML login, revocable, single use,
// and every change audited and emitted for the downstream sync.

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

// A scenario: each step builds on the team the steps before it made, so its order is fixed.
describe('design 001: teams, members and team roles', { shuffle: false }, () => {
  let f: AuthzFixture;
  let teamId: string;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    f = await authzFixture({ preset: 'org-hierarchy' });
    id.olga = (await f.user('olga@acme.test', [], ['olga@acme.test']))._id;
    id.pete = (await f.user('pete@acme.test', [], ['pete@acme.test']))._id;
    id.rita = (await f.user('rita@acme.test', [], ['rita@acme.test']))._id;
  });
  afterAll(() => f.close());

  const outbox = (type: string) =>
    f.server.store.collection<OutboxDoc>('outbox').find({ tenantId: f.tenantId, type }, { sort: { seq: 1 } });
  const audits = (action: string) =>
    f.server.store.collection<AuditEventDoc>('auditEvents').find({ tenantId: f.tenantId, action });
  const keyFor = async (userId: string, permissions: string[]) => {
    const reply = await f.call('POST', '/v1/keys', { userId, permissions });
    expect(reply.status).toBe(201);
    return reply.body.key as string;
  };

  it('creates a team with its creator as owner; the owner holds team-qualified permissions', async () => {
    const reply = await f.call('POST', '/v1/teams', { name: 'Platform', owner: 'olga@acme.test' });
    expect(reply.status).toBe(201);
    teamId = reply.body.id;
    expect(reply.body.members).toEqual([expect.objectContaining({ userId: id.olga, role: 'owner', via: 'team' })]);
    const olga = await f.stored(id.olga);
    expect(olga.effectivePermissions).toEqual(
      expect.arrayContaining([`team:manage:${teamId}`, `team:delete:${teamId}`]),
    );
    const decision = await f.call('POST', '/v1/authorize', { subject: id.olga, permission: `team:manage:${teamId}` });
    expect(decision.body.allow).toBe(true);
    expect((await outbox('team.created')).at(-1)).toMatchObject({ subject: teamId, payload: { name: 'Platform' } });
    expect((await audits('team.created')).length).toBe(1);
  });

  it('refuses a second team of the same name (409 team_exists)', async () => {
    const reply = await f.call('POST', '/v1/teams', { name: 'platform' });
    expect(reply.status).toBe(409);
    expect(reply.type).toMatch(/problem\+json/);
    expect(reply.body.code).toBe('team_exists');
  });

  it('adds members, changes a team role and removes a member, each audited and emitted', async () => {
    expect((await f.call('POST', `/v1/teams/${teamId}/members`, { user: id.pete })).status).toBe(201);
    expect((await f.call('POST', `/v1/teams/Platform/members`, { user: id.pete })).body.code).toBe(
      'team_member_exists',
    );
    const promoted = await f.call('PATCH', `/v1/teams/${teamId}/members/${id.pete}`, { role: 'admin' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.members.find((m: { userId: string }) => m.userId === id.pete).role).toBe('admin');
    expect((await f.stored(id.pete)).effectivePermissions).toContain(`team:manage:${teamId}`);
    await f.call('POST', `/v1/teams/${teamId}/members`, { user: id.rita });
    expect((await f.call('DELETE', `/v1/teams/${teamId}/members/${id.rita}`)).status).toBe(204);
    expect((await f.stored(id.rita)).effectivePermissions).not.toContain(`team:view:${teamId}`);
    const types = ['team.member_added', 'team.member_role_changed', 'team.member_removed'];
    for (const type of types) {
      expect((await outbox(type)).length).toBeGreaterThan(0);
      expect((await audits(type)).length).toBeGreaterThan(0);
    }
    expect((await outbox('team.member_role_changed')).at(-1)!.payload).toMatchObject({
      userId: id.pete,
      role: 'admin',
      previousRole: 'member',
    });
  });

  it('keeps a team owner: the last owner cannot leave or be demoted (409)', async () => {
    const demote = await f.call('PATCH', `/v1/teams/${teamId}/members/${id.olga}`, { role: 'member' });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('last_team_owner');
    expect((await f.call('DELETE', `/v1/teams/${teamId}/members/${id.olga}`)).body.code).toBe('last_team_owner');
  });

  it('lets a team admin manage their own team through their key, and no other team', async () => {
    const other = (await f.call('POST', '/v1/teams', { name: 'Other' })).body.id;
    const peteKey = await keyFor(id.pete, [`team:manage:${teamId}`, `team:view:${teamId}`]);
    // Beyond what pete holds: a key never exceeds its user (design 000 createScopedKey).
    expect((await f.call('POST', '/v1/keys', { userId: id.pete, permissions: [`team:manage:${other}`] })).status).toBe(
      403,
    );
    const own = await f.call('POST', `/v1/teams/${teamId}/members`, { user: id.rita, role: 'member' }, peteKey);
    expect(own.status).toBe(201);
    const foreign = await f.call('POST', `/v1/teams/${other}/members`, { user: id.rita }, peteKey);
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ code: 'permission_denied', permission: 'team:manage' });
    // An unknown team is also a 403 to someone who may not see every team.
    expect((await f.call('GET', '/v1/teams/nope', undefined, peteKey)).status).toBe(403);
    expect((await f.call('GET', '/v1/teams/nope')).status).toBe(404);
  });

  it('gives every member a tenant role the team carries, shown with source team', async () => {
    const team = (await f.call('POST', '/v1/teams', { name: 'Managers', role: 'manager' })).body;
    await f.call('POST', `/v1/teams/${team.id}/members`, { user: id.rita });
    const roles = (await f.call('GET', `/v1/users/${id.rita}/roles`)).body;
    expect(roles.effectiveRoles).toEqual(expect.arrayContaining(['member', 'manager']));
    expect(roles.sources).toEqual(
      expect.arrayContaining([
        { role: 'member', source: 'idp' },
        { role: 'manager', source: 'team', team: { id: team.id, name: 'Managers' } },
      ]),
    );
    const decision = await f.call('POST', '/v1/authorize', { subject: id.rita, permission: 'team:invite' });
    expect(decision.body.allow).toBe(true);
  });

  it('maps a team from an IdP group: the group members are its members and follow the IdP', async () => {
    await f.group('Eng');
    const gina = await f.user('gina@acme.test', ['Eng'], ['gina@acme.test']);
    const team = (await f.call('POST', '/v1/teams', { name: 'Engineering', group: 'Eng' })).body;
    expect(team.groupId).toBe((await f.group('Eng'))._id);
    expect(team.members).toEqual([expect.objectContaining({ userId: gina._id, role: 'member', via: 'group' })]);
    expect((await f.stored(gina._id)).effectivePermissions).toContain(`team:view:${team.id}`);
    await f.setMembers('Eng', 'remove', [gina._id]);
    expect((await f.stored(gina._id)).effectivePermissions).not.toContain(`team:view:${team.id}`);
    expect((await f.call('GET', `/v1/teams/${team.id}`)).body.members).toEqual([]);
  });

  it('deletes a team: its members lose what it gave (team.deleted)', async () => {
    const team = (await f.call('POST', '/v1/teams', { name: 'Temp', owner: id.rita })).body;
    expect((await f.stored(id.rita)).effectivePermissions).toContain(`team:delete:${team.id}`);
    expect((await f.call('DELETE', `/v1/teams/${team.id}`)).status).toBe(204);
    expect((await f.stored(id.rita)).effectivePermissions).not.toContain(`team:delete:${team.id}`);
    expect((await outbox('team.deleted')).at(-1)).toMatchObject({ subject: team.id });
    expect((await f.call('GET', `/v1/teams/${team.id}`)).status).toBe(404);
  });

  it('guards the team API with team:view / team:manage (403 problem+json)', async () => {
    const narrow = (
      await createCredential(f.server.directory, {
        tenantId: f.tenantId,
        kind: 'admin',
        name: 'viewer',
        actor: { type: 'system', id: 't' },
        extra: { permissions: ['team:view'] },
      })
    ).secret;
    expect((await f.call('GET', '/v1/teams', undefined, narrow)).status).toBe(200);
    const refused = await f.call('POST', '/v1/teams', { name: 'X' }, narrow);
    expect(refused.status).toBe(403);
    expect(refused.body.permission).toBe('team:manage');
    expect((await f.call('POST', '/v1/teams', { name: '' })).status).toBe(400);
  });
});

describe('design 001: invitations by email', { shuffle: false }, () => {
  // The admin router runs on this clock; SCIM provisioning on real time, so the clock starts now.
  const clock = testClock(new Date().toISOString());
  let f: AuthzFixture;
  let teamId: string;
  let scimToken: string;

  beforeAll(async () => {
    f = await authzFixture({ preset: 'org-hierarchy', now: clock.now });
    teamId = (await f.call('POST', '/v1/teams', { name: 'Research' })).body.id;
    scimToken = (
      await createCredential(f.server.directory, {
        tenantId: f.tenantId,
        kind: 'scim',
        name: 'idp',
        actor: { type: 'system', id: 't' },
      })
    ).secret;
  });
  afterAll(() => f.close());

  const invite = (email: string, extra: object = {}) =>
    f.call('POST', `/v1/teams/${teamId}/invitations`, { email, role: 'admin', ...extra });
  const scimCreate = (userName: string) =>
    fetch(`${f.server.url}/scim/v2/${f.tenantId}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: [USER_SCHEMA], userName, emails: [{ value: userName, primary: true }] }),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
  const members = async () => (await f.call('GET', `/v1/teams/${teamId}`)).body.members;
  const invitations = async () => (await f.call('GET', `/v1/teams/${teamId}/invitations`)).body.invitations;

  it('shows the token once, stores only its hash, and accepts at SCIM provisioning', async () => {
    const created = await invite('Ivy@Acme.test');
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^rst_inv_/);
    expect(created.body.status).toBe('pending');
    const stored = await f.server.store.collection('invitations').findOne({ _id: created.body.id });
    expect(JSON.stringify(stored)).not.toContain(created.body.token);
    const user = await scimCreate('ivy@acme.test');
    expect(user.status).toBe(201);
    expect(await members()).toEqual([expect.objectContaining({ userId: user.body.id, role: 'admin' })]);
    expect((await f.stored(user.body.id)).effectivePermissions).toContain(`team:manage:${teamId}`);
    expect((await invitations()).find((i: { id: string }) => i.id === created.body.id).status).toBe('accepted');
  });

  it('accepts at the first SAML login of the invited email', async () => {
    await invite('sam@acme.test', { role: 'member' });
    const { user } = await samlLogin(
      { ...f.server.directory, now: clock.now },
      {
        tenantId: f.tenantId,
        claims: {
          nameId: 'sam@acme.test',
          email: 'sam@acme.test',
          groups: { kind: 'names', values: [] },
          attributes: {},
        },
        context: {},
      },
    );
    expect((await members()).map((m: { userId: string }) => m.userId)).toContain(user._id);
    expect(user.effectivePermissions).toContain(`team:view:${teamId}`);
  });

  it('never accepts a revoked or an expired invitation', async () => {
    const revoked = (await invite('rex@acme.test')).body;
    expect((await f.call('DELETE', `/v1/teams/${teamId}/invitations/${revoked.id}`)).status).toBe(204);
    expect((await f.call('DELETE', `/v1/teams/${teamId}/invitations/${revoked.id}`)).status).toBe(404);
    clock.advance(-3 * 86_400_000);
    await invite('old@acme.test', { expiresInDays: 1 }); // expired two days ago
    clock.advance(3 * 86_400_000);
    const rex = await scimCreate('rex@acme.test');
    const old = await scimCreate('old@acme.test');
    const ids = (await members()).map((m: { userId: string }) => m.userId);
    expect(ids).not.toContain(rex.body.id);
    expect(ids).not.toContain(old.body.id);
    const statuses = Object.fromEntries(
      (await invitations()).map((i: { email: string; status: string }) => [i.email, i.status]),
    );
    expect(statuses).toMatchObject({ 'rex@acme.test': 'revoked', 'old@acme.test': 'expired' });
  });

  it('accepts by token once (single use) for a user of any email', async () => {
    const created = (await invite('someone-else@acme.test')).body;
    const zed = await f.user('zed', [], ['zed@elsewhere.test']);
    const accepted = await f.call('POST', '/v1/invitations/accept', { token: created.token, user: zed._id });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', acceptedBy: zed._id });
    const again = await f.call('POST', '/v1/invitations/accept', { token: created.token, user: zed._id });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invitation_not_pending');
    expect((await f.call('POST', '/v1/invitations/accept', { token: 'rst_inv_nope', user: zed._id })).status).toBe(404);
  });

  it('audits and emits invitation.created, invitation.accepted and invitation.revoked', async () => {
    for (const type of ['invitation.created', 'invitation.accepted', 'invitation.revoked']) {
      const events = await f.server.store.collection('outbox').countDocuments({ tenantId: f.tenantId, type });
      const audit = await f.server.store
        .collection('auditEvents')
        .countDocuments({ tenantId: f.tenantId, action: type });
      expect(events).toBeGreaterThan(0);
      expect(audit).toBe(events);
    }
  });

  it('rejects a malformed invitation with problem+json', async () => {
    const reply = await f.call('POST', `/v1/teams/${teamId}/invitations`, { email: 'not-an-email', role: 'boss' });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('invalid_input');
  });
});
