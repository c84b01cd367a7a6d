import { expect, it } from 'vitest';
import { user, type UserDoc } from './fixtures.js';
import type { StoreContext } from './harness.js';

class Boom extends Error {}

export function transactionCases(ctx: StoreContext): void {
  const users = () => ctx.store.collection<UserDoc>('users');

  it('commits every write of a transaction together and returns the callback result', async () => {
    const result = await ctx.store.withTransaction(async (tx) => {
      await tx.collection<UserDoc>('users').insertOne(user('alice'));
      await tx
        .collection('outbox')
        .insertOne({ _id: 'e1', tenantId: 't1', type: 'user.created', seq: 1, relayed: false });
      return 'done';
    });
    expect(result).toBe('done');
    expect(await users().countDocuments({})).toBe(1);
    expect(await ctx.store.collection('outbox').countDocuments({})).toBe(1);
  });

  it('rolls back every write when the callback throws after several writes', async () => {
    await users().insertOne(user('alice', { loginCount: 1 }));
    const failing = ctx.store.withTransaction(async (tx) => {
      await tx.collection<UserDoc>('users').insertOne(user('bob'));
      await tx.collection<UserDoc>('users').updateOne({ _id: 't1:alice' }, { $inc: { loginCount: 1 } });
      await tx.collection('outbox').insertMany([
        { _id: 'e1', tenantId: 't1', seq: 1, relayed: false },
        { _id: 'e2', tenantId: 't1', seq: 2, relayed: false },
      ]);
      await tx.collection('memberships').deleteMany({});
      throw new Boom('changed my mind');
    });
    await expect(failing).rejects.toBeInstanceOf(Boom);
    expect(await users().find({})).toEqual([user('alice', { loginCount: 1 })]);
    expect(await ctx.store.collection('outbox').countDocuments({})).toBe(0);
  });

  it('rolls back and reports the typed error when a write inside a transaction breaks a unique index', async () => {
    await users().insertOne(user('alice'));
    const failing = ctx.store.withTransaction(async (tx) => {
      await tx.collection<UserDoc>('users').insertOne(user('bob'));
      await tx.collection<UserDoc>('users').insertOne(user('ALICE', { _id: 'dup' }));
    });
    await expect(failing).rejects.toMatchObject({ code: 'store_unique_violation' });
    expect(await users().countDocuments({})).toBe(1);
  });

  it('shows a transaction its own writes while reads outside it do not see them before commit', async () => {
    let outsideDuring: unknown = 'not read';
    await ctx.store.withTransaction(async (tx) => {
      const inside = tx.collection<UserDoc>('users');
      await inside.insertOne(user('alice'));
      await inside.updateOne({ _id: 't1:alice' }, { $set: { active: true } });
      expect(await inside.findOne({ tenantId: 't1', userNameLower: 'alice' })).toMatchObject({ active: true });
      expect(await inside.countDocuments({ active: true })).toBe(1);
      outsideDuring = await users().findOne({ _id: 't1:alice' });
    });
    expect(outsideDuring).toBeNull();
    expect(await users().findOne({ _id: 't1:alice' })).toMatchObject({ active: true });
  });
}
