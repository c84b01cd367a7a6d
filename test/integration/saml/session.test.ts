import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveConnection } from '../../../src/saml/index.js';
import {
  ADMIN,
  defineRoles,
  login,
  sessionCookieFrom,
  startLogin,
  startSamlFixture,
  userByName,
  type SamlFixture,
} from '../../helpers/saml-sp.js';

// the session behind its cookie, /v1/session and /v1/logout, and where a login
// may send the browser afterwards.

describe('session', () => {
  let f: SamlFixture;
  beforeEach(async () => {
    f = await startSamlFixture();
  });
  afterEach(() => f.close());

  const session = (cookie?: string) => fetch(`${f.server.url}/v1/session`, { headers: cookie ? { cookie } : {} });

  it('sets an HttpOnly, Secure, SameSite=Lax, host-only cookie after a good ACS', async () => {
    const res = await login(f);
    expect(res.setCookie).toMatch(
      /^__Host-roster_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=28800; HttpOnly; Secure; SameSite=Lax$/,
    );
  });

  it('needs no cookie from before the login: the login sets none and the cross-site POST carries none', async () => {
    const start = await fetch(f.sp.loginUrl, { redirect: 'manual' });
    expect(start.headers.get('set-cookie')).toBeNull();
    const res = await login(f);
    expect(res.status).toBe(303);
  });

  it('issues a new session id on every login', async () => {
    const a = sessionCookieFrom((await login(f)).setCookie);
    const b = sessionCookieFrom((await login(f)).setCookie);
    expect(a).not.toBe(b);
  });

  it('shows the user, roles mapped from IdP groups and capabilities', async () => {
    await defineRoles(
      f,
      [{ name: 'engineer', permissions: ['code:write', 'chat:complete'] }],
      [{ group: 'Engineering', role: 'engineer' }],
    );
    const res = await login(f, { attributes: { groups: ['Engineering'], firstName: 'Ada', lastName: 'Lovelace' } });
    const view = await session(sessionCookieFrom(res.setCookie));
    expect(view.status).toBe(200);
    expect(view.headers.get('cache-control')).toBe('no-store');
    const body = await view.json();
    expect(body).toMatchObject({
      tenant: 'acme',
      user: { userName: 'ada@acme.test', displayName: 'Ada Lovelace', emails: ['ada@acme.test'], active: true },
      roles: ['engineer'],
      permissions: ['chat:complete', 'code:write'],
      capabilities: { groups: ['Engineering'], roles: ['engineer'], permissions: ['chat:complete', 'code:write'] },
    });
  });

  it('answers 401 problem+json without a session, or with an unknown one', async () => {
    for (const cookie of [undefined, '__Host-roster_session=nope', `__Host-roster_session=${'A'.repeat(43)}`]) {
      const res = await session(cookie);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
  });

  it('ends the session on logout, clears the cookie and audits it', async () => {
    const cookie = sessionCookieFrom((await login(f)).setCookie);
    const out = await fetch(`${f.server.url}/v1/logout`, { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^__Host-roster_session=; Path=\/; Max-Age=0/);
    expect((await session(cookie)).status).toBe(401);
    expect(
      await f.server.store.collection('auditEvents').countDocuments({ tenantId: f.tenantId, action: 'user.logout' }),
    ).toBe(1);
  });

  it('ends the session of a user deactivated since logging in', async () => {
    const cookie = sessionCookieFrom((await login(f)).setCookie);
    const user = (await userByName(f, 'ada@acme.test'))!;
    await f.server.store.collection('users').updateOne({ _id: user._id }, { $set: { active: false } });
    const res = await session(cookie);
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });

  describe('returnTo', () => {
    beforeEach(async () => {
      await saveConnection(f.server.directory, {
        tenantId: f.tenantId,
        settings: { returnToAllowList: ['https://app.acme.test'] },
        actor: ADMIN,
      });
    });

    it.each([
      ['a local path', '/dashboard?tab=1#top', '/dashboard?tab=1#top'],
      ['an allow-listed origin', 'https://app.acme.test/inbox', 'https://app.acme.test/inbox'],
    ])('redirects to %s after the ACS', async (_what, returnTo, expected) => {
      const res = await login(f, {}, `?returnTo=${encodeURIComponent(returnTo)}`);
      expect(res.status).toBe(303);
      expect(res.location).toBe(expected);
    });

    it('redirects to the default returnTo when the login names none', async () => {
      await saveConnection(f.server.directory, {
        tenantId: f.tenantId,
        settings: { defaultReturnTo: '/home' },
        actor: ADMIN,
      });
      expect((await login(f)).location).toBe('/home');
    });

    it.each([
      '//evil.example/x',
      '/\\evil.example',
      '\\\\evil.example',
      '/\t/evil.example',
      'https:evil.example',
      'https://evil.example/',
      'https://app.acme.test.evil.example/',
      'https://user@app.acme.test/',
      'javascript:alert(1)',
      'data:text/html,hi',
      'evil.example',
      ' /x',
    ])('refuses returnTo=%j at login with the error page', async (returnTo) => {
      const res = await fetch(`${f.sp.loginUrl}?returnTo=${encodeURIComponent(returnTo)}`, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('That return address is not allowed');
    });

    it('refuses a returnTo given twice', async () => {
      const res = await fetch(`${f.sp.loginUrl}?returnTo=/a&returnTo=/b`, { redirect: 'manual' });
      expect(res.status).toBe(400);
    });
  });

  it('keeps the RelayState opaque and short (SAML bindings §3.4.3)', async () => {
    const start = await startLogin(f, `?returnTo=${encodeURIComponent('/a/very/long/path/'.repeat(20))}`);
    expect(Buffer.byteLength(start.relayState)).toBeLessThanOrEqual(80);
    expect(start.relayState).not.toContain('/');
  });
});
