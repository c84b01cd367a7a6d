import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserDoc } from '../../../src/people/index.js';
import { createUserOk, ENTERPRISE, PATCH_OP, type ScimHarness, startScim, USER } from './scim-client.js';

// Entra ID's default attribute mapping sends the enterprise extension's manager as a bare id
// (its SCIM tutorial, "known issues"), never as {"value": id}; Roster stores it as manager.value.

const MANAGER = `${ENTERPRISE}:manager`;
const ops = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

describe('SCIM enterprise manager as Entra ID sends it', () => {
  let h: ScimHarness;
  let boss: string;
  let n = 0;
  beforeAll(async () => {
    h = await startScim();
    boss = await createUserOk(h, 'boss@acme.example');
  });
  afterAll(() => h.close());

  const user = () => createUserOk(h, `report${++n}@acme.example`);
  const stored = async (id: string) =>
    (await h.server.store.collection<UserDoc>('users').findOne({ _id: id }))?.enterprise?.manager;
  const answered = (id: string) => ({ value: id, $ref: `${h.base}/Users/${id}` });

  it('PATCH add with the manager path and a bare id stores manager.value', async () => {
    const id = await user();
    const response = await h.call('PATCH', `/Users/${id}`, ops({ op: 'Add', path: MANAGER, value: boss }));
    expect(response.status).toBe(200);
    expect(response.body[ENTERPRISE].manager).toEqual(answered(boss));
    expect(await stored(id)).toEqual({ value: boss });
  });

  it('PATCH replace with a bare id changes the manager; Remove on the path clears it', async () => {
    const id = await user();
    const other = await user();
    await h.call('PATCH', `/Users/${id}`, ops({ op: 'Add', path: MANAGER, value: boss }));
    const replaced = await h.call('PATCH', `/Users/${id}`, ops({ op: 'Replace', path: MANAGER, value: other }));
    expect(replaced.body[ENTERPRISE].manager).toEqual(answered(other));
    const removed = await h.call('PATCH', `/Users/${id}`, ops({ op: 'Remove', path: MANAGER }));
    expect(removed.status).toBe(200);
    expect(removed.body[ENTERPRISE]?.manager).toBeUndefined();
    expect(await stored(id)).toBeUndefined();
    expect((await h.call('GET', `/Users/${id}`)).body[ENTERPRISE]?.manager).toBeUndefined();
  });

  it('PATCH without a path accepts the flat manager key with a bare id', async () => {
    const id = await user();
    const response = await h.call('PATCH', `/Users/${id}`, ops({ op: 'Add', value: { [MANAGER]: boss } }));
    expect(response.status).toBe(200);
    expect(response.body[ENTERPRISE].manager).toEqual(answered(boss));
  });

  it('POST and PUT accept a bare manager id in the extension', async () => {
    const body = (userName: string, manager: string) => ({
      schemas: [USER, ENTERPRISE],
      userName,
      active: true,
      [ENTERPRISE]: { department: 'Ops', manager },
    });
    const created = await h.call('POST', '/Users', body('posted@acme.example', boss));
    expect(created.status).toBe(201);
    expect(created.body[ENTERPRISE]).toEqual({ department: 'Ops', manager: answered(boss) });
    const other = await user();
    const put = await h.call('PUT', `/Users/${created.body.id}`, body('posted@acme.example', other));
    expect(put.status).toBe(200);
    expect(put.body[ENTERPRISE].manager).toEqual(answered(other));
    expect(await stored(created.body.id)).toEqual({ value: other });
  });

  it('a manager that is neither an id nor an object is still a 400 invalidValue', async () => {
    const id = await user();
    const response = await h.call('PATCH', `/Users/${id}`, ops({ op: 'Add', path: MANAGER, value: 42 }));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ scimType: 'invalidValue' });
  });
});
