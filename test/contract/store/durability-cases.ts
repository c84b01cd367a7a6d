import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { user, type UserDoc } from './fixtures.js';
import type { StoreContext } from './harness.js';

const run = promisify(execFile);
const CHILD_WRITER = fileURLToPath(new URL('./write-users.child.ts', import.meta.url));
const DAY_MS = 86_400_000;

export function durabilityCases(ctx: StoreContext): void {
  it('keeps committed data when the store is closed and opened again', async () => {
    await ctx.store.collection<UserDoc>('users').insertMany([user('alice'), user('bob')]);
    await ctx.store.withTransaction((tx) =>
      tx.collection('outbox').insertOne({ _id: 'e1', tenantId: 't1', seq: 1, relayed: false }),
    );
    const reopened = await ctx.reopen();
    expect(await reopened.collection('users').countDocuments({ tenantId: 't1' })).toBe(2);
    expect(await reopened.collection('outbox').findOne({ _id: 'e1' })).toMatchObject({ seq: 1 });
    await expect(reopened.collection<UserDoc>('users').insertOne(user('ALICE', { _id: 'x' }))).rejects.toMatchObject({
      code: 'store_unique_violation',
    });
  });

  it('round-trips Dates at the top level, nested and inside arrays', async () => {
    const at = new Date('2024-05-06T07:08:09.123Z');
    const doc = { _id: 'd1', tenantId: 't1', at, meta: { seenAt: at }, history: [{ at }, at] };
    await ctx.store.collection('syncState').insertOne(structuredClone(doc));
    const stored = await ctx.store.collection('syncState').findOne({ _id: 'd1' });
    expect(stored).toEqual(doc);
    expect(stored?.at).toBeInstanceOf(Date);
    expect((stored?.meta as { seenAt: unknown } | undefined)?.seenAt).toBeInstanceOf(Date);
    const later = new Date(at.getTime() + 1000);
    await ctx.store.collection('syncState').updateOne({ _id: 'd1' }, { $set: { at: later } });
    expect(await ctx.store.collection('syncState').findOne({ at: { $gt: at } })).toMatchObject({ at: later });
  });

  it.runIf(ctx.engine === 'embedded')('purges audit events whose expiresAt has passed and keeps the rest', async () => {
    const audit = ctx.store.collection('auditEvents');
    const now = Date.now();
    await audit.insertMany([
      { _id: 'old', tenantId: 't1', time: new Date(now - 2 * DAY_MS), expiresAt: new Date(now - DAY_MS) },
      { _id: 'fresh', tenantId: 't1', time: new Date(now), expiresAt: new Date(now + DAY_MS) },
      { _id: 'forever', tenantId: 't1', time: new Date(now) },
      { _id: 'not-a-date', tenantId: 't1', time: new Date(now), expiresAt: 'yesterday' },
    ]);
    expect(await ctx.store.purgeExpired()).toBe(1);
    expect((await audit.find({}, { sort: { _id: 1 } })).map((d) => d._id)).toEqual(['forever', 'fresh', 'not-a-date']);
  });

  it.runIf(ctx.engine === 'mongo')('leaves TTL expiry to the MongoDB TTL monitor', async () => {
    expect(await ctx.store.purgeExpired()).toBe(0);
  });

  it.runIf(ctx.engine === 'embedded')('changes its commit stamp when another process commits', async () => {
    const before = ctx.store.commitStamp!();
    expect(ctx.store.commitStamp!()).toBe(before);
    await run(process.execPath, ['--import', 'tsx', CHILD_WRITER, ctx.place, '1'], { cwd: process.cwd() });
    expect(ctx.store.commitStamp!()).not.toBe(before);
  });

  it.runIf(ctx.engine === 'embedded')(
    'moves its commit stamp on a write of this process, not on audit-only ones',
    async () => {
      const users = ctx.store.collection<UserDoc>('users');
      const before = ctx.store.commitStamp!();
      await ctx.store.withTransaction(async (tx) => {
        await tx.collection('auditEvents').insertOne({ _id: 'a1', tenantId: 't1', time: new Date() });
        await tx.collection('sequences').updateOne({ _id: 't1' }, { $inc: { value: 1 } }, { upsert: true });
        await tx.collection('outbox').insertOne({ _id: 'e1', tenantId: 't1', seq: 1, relayed: false });
      });
      await ctx.store.collection('auditEvents').updateOne({ _id: 'a1' }, { $inc: { count: 1 } });
      expect(ctx.store.commitStamp!()).toBe(before);
      await users.insertOne(user('alice'));
      const inserted = ctx.store.commitStamp!();
      expect(inserted).not.toBe(before);
      await users.updateOne({ userNameLower: 'alice' }, { $set: { active: false } });
      const updated = ctx.store.commitStamp!();
      expect(updated).not.toBe(inserted);
      await users.deleteMany({ tenantId: 't1' });
      expect(ctx.store.commitStamp!()).not.toBe(updated);
    },
  );

  it.runIf(ctx.engine === 'embedded')('sees documents another process wrote to the same data directory', async () => {
    const users = ctx.store.collection<UserDoc>('users');
    await users.insertOne(user('parent'));
    await run(process.execPath, ['--import', 'tsx', CHILD_WRITER, ctx.place, '3'], { cwd: process.cwd() });
    expect((await users.find({}, { sort: { _id: 1 } })).map((u) => u.userNameLower)).toEqual([
      'child-0',
      'child-1',
      'child-2',
      'parent',
    ]);
    expect(await users.findOne({ _id: 't1:child-0' })).toMatchObject({ createdAt: expect.any(Date) });
    await expect(users.insertOne(user('CHILD-1', { _id: 'x' }))).rejects.toMatchObject({
      code: 'store_unique_violation',
    });
  });
}
