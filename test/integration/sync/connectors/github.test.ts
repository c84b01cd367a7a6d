import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesiredUser } from '../../../../workers/sync/connector.js';
import { createGithubConnector, githubConfigSchema } from '../../../../workers/sync/connectors/github.js';
import { startGithubDouble, type GithubDouble } from '../../../helpers/sync/github-double.js';

// The GitHub connector against a GitHub REST double on loopback.

const deps = { tenantId: 'src', connectorId: 'gh' };
const user = (login: string, extra: Partial<DesiredUser> = {}): DesiredUser => ({
  id: `roster-${login}`,
  userName: login,
  email: `${login}@acme.example`,
  active: true,
  ...extra,
});

describe('GitHub connector', () => {
  let gh: GithubDouble;
  beforeEach(async () => {
    gh = await startGithubDouble();
  });
  afterEach(() => gh.close());

  const connect = (extra: Record<string, unknown> = {}) =>
    createGithubConnector(
      githubConfigSchema.parse({
        org: gh.org,
        token: gh.token,
        baseUrl: gh.url,
        minMutationGapMs: 5,
        adminRoles: ['owner'],
        ...extra,
      }),
      deps,
    );

  it('checks the token against the organization; a bad token is an auth error without the token', async () => {
    await expect(connect().test()).resolves.toBeUndefined();
    const error = await connect({ token: 'ghp_wrong_token_value' })
      .test()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ class: 'auth', status: 401 });
    expect(JSON.stringify(error) + (error as Error).message).not.toContain('ghp_wrong_token_value');
  });

  it('invites a user (pending), finds them, makes owners org admins, and removes them on deactivation', async () => {
    const c = connect();
    const octo = user('octo-cat');
    expect(await c.findUser(octo)).toBeNull();
    expect(await c.createUser(octo)).toEqual({ remoteId: 'octo-cat', state: 'pending' });
    expect(await c.findUser(octo)).toEqual({ remoteId: 'octo-cat', state: 'pending' });
    gh.members.get('octo-cat')!.state = 'active';
    expect(await c.updateUser({ remoteId: 'octo-cat' }, { ...octo, roles: ['owner'] })).toEqual({
      remoteId: 'octo-cat',
      state: 'active',
    });
    expect(gh.members.get('octo-cat')?.role).toBe('admin');
    await c.deactivateUser({ remoteId: 'octo-cat' }, octo);
    expect(gh.members.has('octo-cat')).toBe(false);
    await expect(c.deleteUser({ remoteId: 'octo-cat' }, octo)).resolves.toBeUndefined();
  });

  it('takes the login from the email local part when configured, and refuses a userName that is no login', async () => {
    expect(
      await connect({ loginFrom: 'emailLocalPart' }).createUser(
        user('x', { userName: 'Mona Lisa', email: 'monalisa@acme.example' }),
      ),
    ).toMatchObject({ remoteId: 'monalisa' });
    await expect(connect().createUser(user('mona@acme.example'))).rejects.toMatchObject({ class: 'permanent' });
  });

  it('creates a team once, renames it (new slug), changes members, deletes it', async () => {
    const c = connect();
    const g = { id: 'g1', displayName: 'Platform Eng' };
    const ref = await c.createGroup(g);
    expect(ref).toEqual({ remoteId: 'platform-eng' });
    expect(await c.findGroup(g)).toEqual(ref);
    expect(await c.createGroup(g)).toEqual(ref);
    const renamed = await c.updateGroup(ref, { ...g, displayName: 'Platform' });
    expect(renamed).toEqual({ remoteId: 'platform' });
    await c.addMembers(renamed, [{ remoteId: 'a1' }, { remoteId: 'a2' }, { remoteId: 'a3' }]);
    await c.removeMembers(renamed, [{ remoteId: 'a2' }, { remoteId: 'never-there' }]);
    expect([...gh.teams.get('platform')!.members].sort()).toEqual(['a1', 'a3']);
    await c.deleteGroup(renamed, g);
    expect(gh.teams.size).toBe(0);
  });

  it('surfaces a team membership 429 with retry-after as rate_limited with that wait', async () => {
    const c = connect();
    const team = await c.createGroup({ id: 'g', displayName: 'core' });
    gh.failNext('PUT /orgs/acme/teams/core/memberships/b2', {
      status: 429,
      headers: { 'retry-after': '7' },
      body: { message: 'You have exceeded a secondary rate limit.' },
    });
    const error = await c
      .addMembers(team, [{ remoteId: 'b1' }, { remoteId: 'b2' }, { remoteId: 'b3' }])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ class: 'rate_limited', status: 429, retryAfterMs: 7000 });
    expect([...gh.teams.get('core')!.members]).toEqual(['b1']);
    // No hidden retry: octokit sent the throttled request once and gave the 429 back.
    expect(gh.requests.filter((r) => r.url === '/orgs/acme/teams/core/memberships/b2')).toHaveLength(1);
    await c.addMembers(team, [{ remoteId: 'b1' }, { remoteId: 'b2' }, { remoteId: 'b3' }]);
    expect([...gh.teams.get('core')!.members].sort()).toEqual(['b1', 'b2', 'b3']);
  });

  it('reads a secondary-rate-limit 403 (x-ratelimit-remaining 0) as rate_limited until x-ratelimit-reset', async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    gh.failNext('PUT /orgs/acme/memberships/c1', {
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset), 'x-ratelimit-limit': '5000' },
      body: {
        message: 'API rate limit exceeded for user ID 1.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      },
    });
    const error = (await connect()
      .createUser(user('c1'))
      .catch((e: unknown) => e)) as { class: string; retryAfterMs: number };
    expect(error).toMatchObject({ class: 'rate_limited', status: 403 });
    expect(error.retryAfterMs).toBeGreaterThan(500_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(600_000);
  });

  it('a 403 secondary limit with no headers waits at least a minute; a plain 403 is auth', async () => {
    gh.failNext('PUT /orgs/acme/memberships/d1', {
      status: 403,
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
    });
    gh.failNext('PUT /orgs/acme/memberships/d2', {
      status: 403,
      body: { message: 'Must have admin rights to Repository.' },
    });
    expect(
      await connect()
        .createUser(user('d1'))
        .catch((e: unknown) => e),
    ).toMatchObject({ class: 'rate_limited', retryAfterMs: 60_000 });
    expect(
      await connect()
        .createUser(user('d2'))
        .catch((e: unknown) => e),
    ).toMatchObject({ class: 'auth', status: 403 });
  });

  it('sends requests one at a time even when the engine calls concurrently', async () => {
    const c = connect();
    const team = await c.createGroup({ id: 'g', displayName: 'all' });
    await Promise.all([
      ...['e1', 'e2', 'e3', 'e4'].map((login) => c.createUser(user(login))),
      c.addMembers(team, [{ remoteId: 'e1' }, { remoteId: 'e2' }]),
      c.findUser(user('e1')),
    ]);
    expect(gh.members.size).toBe(4);
    expect(gh.maxInFlight).toBe(1);
  });
});
