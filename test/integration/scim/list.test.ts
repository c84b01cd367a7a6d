import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGroupOk,
  createUserOk,
  ENTERPRISE,
  LIST,
  query,
  startScim,
  USER,
  type ScimHarness,
} from './scim-client.js';

// Pagination (RFC 7644 §3.4.2.4), sorting (§3.4.2.3), attributes/excludedAttributes (§3.4.2.5,
// §3.9) and POST /.search (§3.4.3).

describe('SCIM lists and projections', () => {
  let h: ScimHarness;
  const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo'];
  beforeAll(async () => {
    h = await startScim();
    for (const name of names)
      await createUserOk(h, `${name}@example.com`, {
        schemas: [USER, ENTERPRISE],
        [ENTERPRISE]: { department: `D-${name}` },
      });
  });
  afterAll(() => h.close());

  const userNames = (body: { Resources: { userName: string }[] }) =>
    body.Resources.map((r) => r.userName.split('@')[0]);

  it('pages with startIndex and count, with the full totalResults and itemsPerPage of the page', async () => {
    const response = await h.call('GET', '/Users?startIndex=2&count=2');
    expect(response.body).toMatchObject({ schemas: [LIST], totalResults: 5, startIndex: 2, itemsPerPage: 2 });
    expect(userNames(response.body)).toEqual(['Alpha', 'charlie']); // default order: creation
    const last = await h.call('GET', '/Users?startIndex=5&count=2');
    expect(last.body).toMatchObject({ totalResults: 5, itemsPerPage: 1 });
    const beyond = await h.call('GET', '/Users?startIndex=9&count=2');
    expect(beyond.body).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
  });

  it('count=0 answers totalResults alone; startIndex below 1 is read as 1', async () => {
    expect((await h.call('GET', '/Users?count=0')).body).toMatchObject({
      totalResults: 5,
      itemsPerPage: 0,
      Resources: [],
    });
    expect((await h.call('GET', '/Users?startIndex=-3&count=1')).body).toMatchObject({
      startIndex: 1,
      itemsPerPage: 1,
    });
  });

  it('a negative count is read as 0 (RFC 7644 §3.4.2.4): totalResults alone, no resources', async () => {
    const response = await h.call('GET', '/Users?count=-1');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
  });

  it('sorts by userName case-insensitively, ascending and descending', async () => {
    expect(userNames((await h.call('GET', '/Users?sortBy=userName')).body)).toEqual([
      'Alpha',
      'Bravo',
      'charlie',
      'delta',
      'echo',
    ]);
    expect(userNames((await h.call('GET', '/Users?sortBy=userName&sortOrder=descending')).body)).toEqual([
      'echo',
      'delta',
      'charlie',
      'Bravo',
      'Alpha',
    ]);
  });

  it('sorts by an extension attribute and by meta.created', async () => {
    expect(
      userNames((await h.call('GET', `/Users?sortBy=${query(`${ENTERPRISE}:department`)}&sortOrder=descending`)).body),
    ).toEqual(['echo', 'delta', 'charlie', 'Bravo', 'Alpha']);
    expect(userNames((await h.call('GET', '/Users?sortBy=meta.created')).body)).toEqual(names);
  });

  it('refuses an unknown sortBy or sortOrder with 400 invalidValue', async () => {
    expect((await h.call('GET', '/Users?sortBy=favouriteColour')).body).toMatchObject({
      status: '400',
      scimType: 'invalidValue',
    });
    expect((await h.call('GET', '/Users?sortBy=userName&sortOrder=sideways')).body).toMatchObject({
      status: '400',
      scimType: 'invalidValue',
    });
  });

  it('attributes returns the named attributes, plus id and schemas', async () => {
    const response = await h.call(
      'GET',
      `/Users?filter=${query('userName eq "alpha@example.com"')}` +
        `&attributes=userName,name.givenName,${ENTERPRISE}:department`,
    );
    expect(response.body.Resources[0]).toEqual({
      schemas: [USER, ENTERPRISE],
      id: expect.any(String),
      userName: 'Alpha@example.com',
      name: { givenName: 'Test' },
      [ENTERPRISE]: { department: 'D-Alpha' },
    });
  });

  it('excludedAttributes removes attributes but never id', async () => {
    const response = await h.call('GET', `/Users?count=1&excludedAttributes=emails,name,meta,id,${ENTERPRISE}`);
    const user = response.body.Resources[0];
    expect(user).toHaveProperty('id');
    expect(user).toHaveProperty('userName');
    for (const gone of ['emails', 'name', 'meta', ENTERPRISE]) expect(user).not.toHaveProperty(gone);
    expect(user.schemas).toEqual([USER]);
  });

  it('attributes and excludedAttributes apply to GET of one resource and to writes', async () => {
    const id = (await h.call('GET', `/Users?filter=${query('userName eq "bravo@example.com"')}`)).body.Resources[0].id;
    expect(Object.keys((await h.call('GET', `/Users/${id}?attributes=displayName`)).body).sort()).toEqual([
      'displayName',
      'id',
      'schemas',
    ]);
    const put = await h.call('PATCH', `/Users/${id}?excludedAttributes=emails`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'title', value: 'x' }],
    });
    expect(put.body).toHaveProperty('title', 'x');
    expect(put.body).not.toHaveProperty('emails');
  });

  it('groups: attributes=displayName leaves members out and members=… shows them', async () => {
    const someone = (await h.call('GET', '/Users?count=1')).body.Resources[0].id;
    const id = await createGroupOk(h, 'Projection', [someone]);
    expect((await h.call('GET', `/Groups/${id}?attributes=displayName`)).body).not.toHaveProperty('members');
    expect((await h.call('GET', `/Groups/${id}?attributes=members.value`)).body.members).toEqual([{ value: someone }]);
  });

  it('POST /Users/.search takes the query in a SearchRequest body', async () => {
    const response = await h.call('POST', '/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      attributes: ['userName'],
      filter: 'userName sw "c" or userName sw "d"',
      sortBy: 'userName',
      startIndex: 1,
      count: 10,
    });
    expect(response.status).toBe(200);
    expect(response.body.Resources).toEqual([
      { schemas: [USER], id: expect.any(String), userName: 'charlie@example.com' },
      { schemas: [USER], id: expect.any(String), userName: 'delta@example.com' },
    ]);
  });

  it('POST /.search without the SearchRequest schema is 400 invalidSyntax', async () => {
    expect((await h.call('POST', '/Users/.search', { filter: 'userName pr' })).body).toMatchObject({
      status: '400',
      scimType: 'invalidSyntax',
    });
  });
});

describe('SCIM group lists', () => {
  // A tenant of its own: the groups other tests create must not change the count.
  let h: ScimHarness;
  beforeAll(async () => {
    h = await startScim();
  });
  afterAll(() => h.close());

  it('GET /Groups pages and counts like /Users', async () => {
    const member = await createUserOk(h, 'member@example.com');
    await createGroupOk(h, 'First', [member]);
    await createGroupOk(h, 'Second');
    const response = await h.call('GET', '/Groups?count=1&excludedAttributes=members');
    expect(response.body).toMatchObject({ totalResults: 2, itemsPerPage: 1 });
    expect(response.body.Resources[0]).not.toHaveProperty('members');
  });
});
