import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createUserOk,
  ERROR,
  GROUP,
  oktaUser,
  PATCH_OP,
  query,
  startScim,
  USER,
  type ScimHarness,
} from './scim-client.js';

// Bad input: every client mistake is a 4xx SCIM error with the right scimType,
// never a 500 and never a partial write.

describe('SCIM bad input', () => {
  let h: ScimHarness;
  beforeAll(async () => {
    h = await startScim();
  });
  afterAll(() => h.close());

  async function expectError(response: Awaited<ReturnType<ScimHarness['call']>>, status: number, scimType?: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(response.body.schemas).toEqual([ERROR]);
    expect(response.body.status).toBe(String(status));
    if (scimType) expect(response.body.scimType).toBe(scimType);
    else expect(response.body).not.toHaveProperty('scimType');
  }

  it('malformed JSON is 400 invalidSyntax', async () => {
    await expectError(
      await h.call('POST', '/Users', '{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": '),
      400,
      'invalidSyntax',
    );
  });

  it('a body that is not an object, or not JSON at all, is 400 invalidSyntax', async () => {
    await expectError(await h.call('POST', '/Users', '["a"]'), 400, 'invalidSyntax');
    await expectError(
      await h.call('POST', '/Users', 'userName=bob', { 'content-type': 'application/x-www-form-urlencoded' }),
      400,
      'invalidSyntax',
    );
  });

  it('missing or wrong schemas are 400 invalidSyntax', async () => {
    const { schemas: _, ...noSchemas } = oktaUser('noschemas@acme.example');
    await expectError(await h.call('POST', '/Users', noSchemas), 400, 'invalidSyntax');
    await expectError(
      await h.call('POST', '/Users', { ...oktaUser('wrong@acme.example'), schemas: [GROUP] }),
      400,
      'invalidSyntax',
    );
    await expectError(await h.call('POST', '/Groups', { schemas: [USER], displayName: 'x' }), 400, 'invalidSyntax');
  });

  it('an unknown attribute is 400 invalidSyntax', async () => {
    await expectError(
      await h.call('POST', '/Users', { ...oktaUser('unknown@acme.example'), favouriteColour: 'red' }),
      400,
      'invalidSyntax',
    );
    await expectError(
      await h.call('POST', '/Users', {
        ...oktaUser('unknown2@acme.example'),
        name: { givenName: 'a', nickname2: 'b' },
      }),
      400,
      'invalidSyntax',
    );
  });

  it('wrong types are 400 invalidValue', async () => {
    for (const extra of [
      { userName: 42 },
      { active: 'maybe' },
      { emails: 'a@b.c' },
      { name: 'Bob' },
      { displayName: ['x'] },
      {
        emails: [
          { value: 'a', primary: true },
          { value: 'b', primary: true },
        ],
      },
    ]) {
      await expectError(
        await h.call('POST', '/Users', { ...oktaUser('types@acme.example'), ...extra }),
        400,
        'invalidValue',
      );
    }
  });

  it('a missing userName or displayName is 400 invalidValue', async () => {
    await expectError(
      await h.call('POST', '/Users', { schemas: [USER], name: { givenName: 'x' } }),
      400,
      'invalidValue',
    );
    await expectError(await h.call('POST', '/Groups', { schemas: [GROUP] }), 400, 'invalidValue');
  });

  it('an oversized body is 413', async () => {
    const response = await h.call('POST', '/Users', {
      ...oktaUser('big@acme.example'),
      title: 'x'.repeat(2 * 1024 * 1024),
    });
    await expectError(response, 413);
  });

  it('a filter nested 1,000 deep is 400 invalidFilter', async () => {
    await expectError(
      await h.call('GET', `/Users?filter=${query(`${'('.repeat(1000)}userName eq "x"${')'.repeat(1000)}`)}`),
      400,
      'invalidFilter',
    );
  });

  it('count=10^9 is 400 tooMany (maxResults is 1,000); a non-integer count or startIndex is 400', async () => {
    await expectError(await h.call('GET', '/Users?count=1000000000'), 400, 'tooMany');
    await expectError(await h.call('GET', '/Users?count=ten'), 400, 'invalidValue');
    await expectError(await h.call('GET', '/Users?startIndex=1.5'), 400, 'invalidValue');
    await expectError(await h.call('GET', '/Users?count=1&count=2'), 400, 'invalidValue');
  });

  it('PatchOp mistakes: wrong schemas, no Operations, unknown op, add without value', async () => {
    const id = await createUserOk(h, 'patchy@acme.example');
    await expectError(
      await h.call('PATCH', `/Users/${id}`, {
        schemas: [USER],
        Operations: [{ op: 'add', path: 'title', value: 'x' }],
      }),
      400,
      'invalidSyntax',
    );
    await expectError(
      await h.call('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [] }),
      400,
      'invalidSyntax',
    );
    await expectError(
      await h.call('PATCH', `/Users/${id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'merge', path: 'title', value: 'x' }],
      }),
      400,
      'invalidSyntax',
    );
    await expectError(
      await h.call('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'title' }] }),
      400,
      'invalidValue',
    );
    await expectError(
      await h.call('PATCH', `/Users/${id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', value: 'not an object' }],
      }),
      400,
      'invalidValue',
    );
  });

  it('none of the refused writes above left a user behind', async () => {
    const response = await h.call('GET', `/Users?filter=${query('userName ne "patchy@acme.example"')}`);
    expect(response.body.totalResults).toBe(0);
  });

  it('an unknown resource id is 404 on every method', async () => {
    const missing = '/Users/00000000-0000-7000-8000-000000000000';
    await expectError(await h.call('GET', missing), 404);
    await expectError(await h.call('PUT', missing, oktaUser('ghost@acme.example')), 404);
    await expectError(
      await h.call('PATCH', missing, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'title', value: 'x' }] }),
      404,
    );
    await expectError(await h.call('DELETE', missing), 404);
    await expectError(await h.call('GET', '/Groups/nope'), 404);
  });
});
