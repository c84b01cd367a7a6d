import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupOk, createUserOk, oktaUser, PATCH_OP, startScim, type ScimHarness } from './scim-client.js';

// Versioning (RFC 7644 §3.14): meta.version is the weak ETag; If-Match and If-None-Match.

const rename = (title: string) => ({
  schemas: [PATCH_OP],
  Operations: [{ op: 'replace', path: 'title', value: title }],
});

describe('SCIM ETags', () => {
  let h: ScimHarness;
  let n = 0;
  beforeAll(async () => {
    h = await startScim();
  });
  afterAll(() => h.close());
  const user = () => createUserOk(h, `v${++n}@acme.example`);

  it('GET with If-None-Match naming the current version answers 304 without a body', async () => {
    const id = await user();
    const response = await fetch(`${h.base}/Users/${id}`, {
      headers: { authorization: `Bearer ${h.token}`, 'if-none-match': 'W/"1"' },
    });
    expect(response.status).toBe(304);
    expect(response.headers.get('etag')).toBe('W/"1"');
    expect(await response.text()).toBe('');
  });

  it('GET with If-None-Match naming an older version answers 200', async () => {
    const id = await user();
    await h.call('PATCH', `/Users/${id}`, rename('new'));
    const response = await h.call('GET', `/Users/${id}`, undefined, { 'if-none-match': 'W/"1"' });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('W/"2"');
  });

  it('PATCH with a matching If-Match (weak or strong form) succeeds and moves the version', async () => {
    const id = await user();
    const weak = await h.call('PATCH', `/Users/${id}`, rename('one'), { 'if-match': 'W/"1"' });
    expect(weak.status).toBe(200);
    expect(weak.headers.get('etag')).toBe('W/"2"');
    expect((await h.call('PATCH', `/Users/${id}`, rename('two'), { 'if-match': '"2"' })).status).toBe(200);
    expect((await h.call('PATCH', `/Users/${id}`, rename('three'), { 'if-match': '*' })).status).toBe(200);
  });

  it('PATCH, PUT and DELETE with a stale If-Match answer 412 and change nothing', async () => {
    const id = await user();
    await h.call('PATCH', `/Users/${id}`, rename('current'));
    const stale = { 'if-match': 'W/"1"' };
    const patch = await h.call('PATCH', `/Users/${id}`, rename('lost update'), stale);
    expect(patch.status).toBe(412);
    expect(patch.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '412' });
    expect((await h.call('PUT', `/Users/${id}`, oktaUser(`v${n}@acme.example`), stale)).status).toBe(412);
    expect((await h.call('DELETE', `/Users/${id}`, undefined, stale)).status).toBe(412);
    expect((await h.call('GET', `/Users/${id}`)).body).toMatchObject({ title: 'current', meta: { version: 'W/"2"' } });
  });

  it('groups carry versions too: a stale If-Match on a member PATCH is 412', async () => {
    const id = await createGroupOk(h, 'Versioned');
    const member = await user();
    const body = { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: member }] }] };
    expect((await h.call('PATCH', `/Groups/${id}`, body, { 'if-match': 'W/"7"' })).status).toBe(412);
    expect((await h.call('PATCH', `/Groups/${id}`, body, { 'if-match': 'W/"1"' })).status).toBe(204);
  });

  it('a group DELETE with a stale If-Match answers 412 and keeps the group and its members', async () => {
    const member = await user();
    const id = await createGroupOk(h, 'Kept on conflict', [member]);
    const rename = {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'displayName', value: 'Kept (renamed)' }],
    };
    expect((await h.call('PATCH', `/Groups/${id}`, rename)).status).toBe(204); // now W/"2"
    const refused = await h.call('DELETE', `/Groups/${id}`, undefined, { 'if-match': 'W/"1"' });
    expect(refused.status).toBe(412);
    expect(refused.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '412' });
    expect((await h.call('GET', `/Groups/${id}`)).body).toMatchObject({
      displayName: 'Kept (renamed)',
      members: [{ value: member }],
      meta: { version: 'W/"2"' },
    });
    expect((await h.call('GET', `/Users/${member}`)).body.groups).toEqual([expect.objectContaining({ value: id })]);
    expect((await h.call('DELETE', `/Groups/${id}`, undefined, { 'if-match': 'W/"2"' })).status).toBe(204);
    expect((await h.call('GET', `/Groups/${id}`)).status).toBe(404);
  });
});
