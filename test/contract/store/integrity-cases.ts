import { expect, it } from 'vitest';
import { INDEXES, type BaseDoc } from '../../../src/store/index.js';
import { user, type UserDoc } from './fixtures.js';
import type { StoreContext } from './harness.js';

const uniqueViolation = (index: string) =>
  expect.objectContaining({ code: 'store_unique_violation', status: 409, details: expect.objectContaining({ index }) });

export function integrityCases(ctx: StoreContext): void {
  const users = () => ctx.store.collection<UserDoc>('users');

  it('rejects a second user with the same tenant and userNameLower', async () => {
    await users().insertOne(user('Alice'));
    await expect(users().insertOne(user('ALICE', { _id: 'another-id' }))).rejects.toEqual(
      uniqueViolation('tenant_username'),
    );
    expect(await users().countDocuments({})).toBe(1);
  });

  it('accepts the same userNameLower in another tenant', async () => {
    await users().insertOne(user('alice'));
    await users().insertOne(user('alice', { tenantId: 't2' }));
    expect(await users().countDocuments({ userNameLower: 'alice' })).toBe(2);
  });

  it('rejects a duplicate _id with the typed error', async () => {
    await users().insertOne(user('alice'));
    await expect(users().insertOne(user('bob', { _id: 't1:alice' }))).rejects.toEqual(uniqueViolation('_id_'));
  });

  it('rejects a duplicate group and user pair within a tenant (three-field unique index)', async () => {
    const memberships = ctx.store.collection('memberships');
    await memberships.insertOne({ _id: 'm1', tenantId: 't1', groupId: 'g1', userId: 'u1' });
    await memberships.insertOne({ _id: 'm2', tenantId: 't1', groupId: 'g1', userId: 'u2' });
    await expect(memberships.insertOne({ _id: 'm3', tenantId: 't1', groupId: 'g1', userId: 'u1' })).rejects.toEqual(
      uniqueViolation('tenant_group_user'),
    );
  });

  it("rejects an update that would give a user another user's userNameLower", async () => {
    await users().insertMany([user('alice'), user('bob')]);
    await expect(users().updateOne({ _id: 't1:bob' }, { $set: { userNameLower: 'alice' } })).rejects.toEqual(
      uniqueViolation('tenant_username'),
    );
    expect((await users().findOne({ _id: 't1:bob' }))?.userNameLower).toBe('bob');
  });

  it('rejects a second user lacking userNameLower in a tenant (MongoDB indexes a missing field as null)', async () => {
    await users().insertOne({ _id: 'x1', tenantId: 't1' } as UserDoc);
    await expect(users().insertOne({ _id: 'x2', tenantId: 't1' } as UserDoc)).rejects.toEqual(
      uniqueViolation('tenant_username'),
    );
    await users().insertOne({ _id: 'x3', tenantId: 't2' } as UserDoc);
  });

  it('lets any number of users lack a sparse indexed field', async () => {
    await users().insertMany([user('a'), user('b'), user('c', { externalId: 'e1' }), user('d', { externalId: 'e1' })]);
    expect(await users().countDocuments({ tenantId: 't1', externalId: 'e1' })).toBe(2);
  });

  it('enforces a sparse unique index only on documents that have the field', async () => {
    const handle = { name: 'tenant_handle', keys: { tenantId: 1, handle: 1 }, unique: true, sparse: true } as const;
    const store = await ctx.reopen({ ...INDEXES, users: [...INDEXES.users, handle] });
    const coll = store.collection<UserDoc & { handle?: string }>('users');
    await coll.insertMany([
      user('a'),
      user('b'),
      user('c', { handle: 'h1' } as Partial<UserDoc>),
      user('d', { tenantId: 't2', handle: 'h1' } as Partial<UserDoc>),
    ]);
    await expect(coll.insertOne(user('e', { handle: 'h1' } as Partial<UserDoc>))).rejects.toEqual(
      uniqueViolation('tenant_handle'),
    );
  });

  it('applies a bulkWrite in order and reports what each kind of operation did', async () => {
    await users().insertMany([user('alice'), user('bob')]);
    const result = await users().bulkWrite([
      { insertOne: { document: user('carol') } },
      { updateOne: { filter: { _id: 't1:alice' }, update: { $set: { active: true } } } },
      {
        updateOne: {
          filter: { _id: 't1:dave' },
          update: { $set: { tenantId: 't1', userNameLower: 'dave' } },
          upsert: true,
        },
      },
      { updateMany: { filter: { tenantId: 't1' }, update: { $set: { loginCount: 1 } } } },
      { deleteOne: { filter: { _id: 't1:bob' } } },
      { deleteMany: { filter: { userNameLower: { $in: ['carol', 'zed'] } } } },
    ]);
    expect(result).toEqual({ insertedCount: 1, matchedCount: 5, modifiedCount: 5, deletedCount: 2, upsertedCount: 1 });
    expect((await users().find({}, { sort: { _id: 1 } })).map((u) => [u._id, u.loginCount])).toEqual([
      ['t1:alice', 1],
      ['t1:dave', 1],
    ]);
  });

  it('stops a bulkWrite at the first duplicate key and keeps the writes before it', async () => {
    const bulk = users().bulkWrite([
      { insertOne: { document: user('alice') } },
      { insertOne: { document: user('ALICE', { _id: 'dup' }) } },
      { insertOne: { document: user('bob') } },
    ]);
    await expect(bulk).rejects.toEqual(uniqueViolation('tenant_username'));
    expect((await users().find({})).map((u) => u._id)).toEqual(['t1:alice']);
  });

  it('leaves exactly one document after 20 concurrent upserts of one key', async () => {
    const upsert = () =>
      users().updateOne(
        { tenantId: 't1', userNameLower: 'race' },
        { $setOnInsert: { userName: 'race' }, $inc: { loginCount: 1 } },
        { upsert: true },
      );
    const results = await Promise.all(Array.from({ length: 20 }, upsert));
    expect(results.filter((r) => r.upsertedId !== undefined)).toHaveLength(1);
    const docs = await users().find({ userNameLower: 'race' });
    expect(docs).toHaveLength(1);
    expect(docs[0].loginCount).toBe(20);
  });

  it('answers ping', async () => {
    await expect(ctx.store.ping()).resolves.toBeUndefined();
  });

  it('returns the inserted document from insertOne', async () => {
    const doc: BaseDoc = user('zoe');
    expect(await users().insertOne(doc as UserDoc)).toEqual(doc);
  });
}
