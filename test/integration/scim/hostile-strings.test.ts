import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR, GROUP, PATCH_OP, USER, createUserOk, startScim, type ScimHarness } from './scim-client.js';

// Strings are validated once for every resource (src/scim/resources/string-rules.ts), conditional
// writes follow RFC 7232, and endpoints Roster does not offer or paths it cannot decode say so.

let h: ScimHarness;
beforeAll(async () => {
  h = await startScim('strings');
});
afterAll(() => h.close());

describe('SCIM string values', () => {
  it.each([
    ['a NUL', 'nul\u0000@strings.test', /userName contains the control character U\+0000/],
    ['CR LF', 'crlf\r\n@strings.test', /userName contains the control character U\+000D/],
    ['a lone surrogate', 'lone\uD800@strings.test', /userName contains a lone UTF-16 surrogate/],
    ['500,000 characters', 'x'.repeat(500_000), /userName is 500,000 characters long; at most 2,048/],
  ])('refuses a userName with %s, naming the attribute', async (_what, userName, detail) => {
    const created = await h.call('POST', '/Users', { schemas: [USER], userName });
    expect(created.status).toBe(400);
    expect(created.body).toMatchObject({ schemas: [ERROR], scimType: 'invalidValue' });
    expect(created.body.detail).toMatch(detail);
  });

  it('refuses a NUL in a group displayName and in a sub-attribute, naming each', async () => {
    const group = await h.call('POST', '/Groups', { schemas: [GROUP], displayName: 'ops\u0000' });
    expect(group.status).toBe(400);
    expect(group.body.detail).toContain('displayName contains the control character U+0000');
    const user = await h.call('POST', '/Users', {
      schemas: [USER],
      userName: 'sub@strings.test',
      emails: [{ value: 'a\u0007@strings.test' }],
    });
    expect(user.status).toBe(400);
    expect(user.body.detail).toContain('emails[0].value contains the control character U+0007');
  });

  it('refuses the same strings through PATCH', async () => {
    const id = await createUserOk(h, 'patched@strings.test');
    const patched = await h.call('PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'displayName', value: 'bad\u001b[31m' }],
    });
    expect(patched.status).toBe(400);
    expect(patched.body.detail).toContain('displayName contains the control character U+001B');
  });

  it('keeps line breaks where the schema allows them (addresses.formatted) and characters beyond the BMP', async () => {
    const created = await h.call('POST', '/Users', {
      schemas: [USER],
      userName: 'emoji-😀@strings.test',
      addresses: [{ formatted: '1 Main St\nSpringfield', type: 'work' }],
    });
    expect(created.status).toBe(201);
    expect(created.body.addresses[0].formatted).toBe('1 Main St\nSpringfield');
  });
});

describe('SCIM conditional writes and unsupported endpoints', () => {
  it('answers 412 to If-None-Match: * on PATCH and PUT of an existing user (RFC 7232 §3.2)', async () => {
    const id = await createUserOk(h, 'cond@strings.test');
    const patch = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'X' }] };
    const patched = await h.call('PATCH', `/Users/${id}`, patch, { 'if-none-match': '*' });
    expect(patched.status).toBe(412);
    expect(patched.body.schemas).toEqual([ERROR]);
    const put = await h.call(
      'PUT',
      `/Users/${id}`,
      { schemas: [USER], userName: 'cond@strings.test' },
      {
        'if-none-match': '*',
      },
    );
    expect(put.status).toBe(412);
    expect((await h.call('GET', `/Users/${id}`)).body.displayName).not.toBe('X');
  });

  it('answers 501 for /Bulk and /Me with what is not supported', async () => {
    const bulk = await h.call('POST', '/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'] });
    expect(bulk.status).toBe(501);
    expect(bulk.body.detail).toMatch(/^bulk operations are not supported/);
    const me = await h.call('GET', '/Me');
    expect(me.status).toBe(501);
    expect(me.body.detail).toMatch(/^\/Me is not supported/);
  });

  it('says the path is malformed for a bad % escape', async () => {
    const bad = await h.call('GET', '/Users/%E0%A4%A');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toBe('the request path is malformed: a %-escape in it does not decode');
    const admin = await fetch(`${h.server.url}/v1/keys/%E0%A4%A`, { headers: { authorization: 'Bearer x' } });
    expect(admin.status).toBe(400);
    expect((await admin.json()).detail).toBe('the request path is malformed: a %-escape in it does not decode');
    const saml = await fetch(`${h.server.url}/saml/%E0%A4%A/login`, { redirect: 'manual' });
    expect(saml.status).toBe(400);
    expect(saml.headers.get('content-type')).toContain('text/html');
  });
});
