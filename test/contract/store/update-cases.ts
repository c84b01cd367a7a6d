import { beforeEach, expect, it } from 'vitest';
import type { Collection } from '../../../src/store/index.js';
import { user, type UserDoc } from './fixtures.js';
import type { StoreContext } from './harness.js';

export function updateCases(ctx: StoreContext): void {
  let users: Collection<UserDoc>;
  beforeEach(async () => {
    users = ctx.store.collection<UserDoc>('users');
    await users.insertOne(
      user('Alice', { loginCount: 1, tags: ['eng'], name: { givenName: 'Alice', familyName: 'L' } }),
    );
  });
  const alice = () => users.findOne({ _id: 't1:alice' });

  it('applies $set on nested paths, $unset and $inc', async () => {
    const result = await users.updateOne(
      { _id: 't1:alice' },
      { $set: { 'name.familyName': 'Liddell', active: true }, $unset: { tags: '' }, $inc: { loginCount: 2 } },
    );
    expect(result).toEqual({ matchedCount: 1, modifiedCount: 1 });
    expect(await alice()).toEqual({
      ...user('Alice'),
      loginCount: 3,
      active: true,
      name: { givenName: 'Alice', familyName: 'Liddell' },
    });
  });

  it('applies top-level $set and $inc alone: $inc of a missing field starts at 0, no aliasing', async () => {
    const tags = ['ops'];
    await users.updateMany({ _id: 't1:alice' }, { $set: { tags, active: false }, $inc: { loginCount: 1, visits: 5 } });
    tags.push('leaked');
    expect(await alice()).toMatchObject({ tags: ['ops'], active: false, loginCount: 2, visits: 5 });
  });

  it('reports no modification when an update changes nothing', async () => {
    expect(await users.updateOne({ _id: 't1:alice' }, { $set: { loginCount: 1 } })).toEqual({
      matchedCount: 1,
      modifiedCount: 0,
    });
    expect(await users.updateOne({ _id: 'nobody' }, { $set: { loginCount: 1 } })).toEqual({
      matchedCount: 0,
      modifiedCount: 0,
    });
  });

  it('adds only missing values with $addToSet, with and without $each', async () => {
    await users.updateOne({ _id: 't1:alice' }, { $addToSet: { tags: 'eng' } });
    await users.updateOne({ _id: 't1:alice' }, { $addToSet: { tags: { $each: ['ops', 'eng', 'sec'] } } });
    expect((await alice())?.tags).toEqual(['eng', 'ops', 'sec']);
  });

  it('appends with $push (also $each) and removes matching values with $pull', async () => {
    await users.updateOne({ _id: 't1:alice' }, { $push: { tags: 'eng' } });
    await users.updateOne({ _id: 't1:alice' }, { $push: { tags: { $each: ['ops', 'sec'] } } });
    expect((await alice())?.tags).toEqual(['eng', 'eng', 'ops', 'sec']);
    await users.updateOne({ _id: 't1:alice' }, { $pull: { tags: { $in: ['eng', 'sec'] } } });
    expect((await alice())?.tags).toEqual(['ops']);
  });

  it('upserts a document seeded from the filter equalities and $setOnInsert', async () => {
    const result = await users.updateOne(
      { tenantId: 't1', userNameLower: 'bob', active: { $ne: false } },
      { $set: { userName: 'Bob' }, $setOnInsert: { loginCount: 0 }, $inc: { logins: 1 } },
      { upsert: true },
    );
    expect(result).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedId: expect.any(String) });
    const bob = await users.findOne({ tenantId: 't1', userNameLower: 'bob' });
    expect(bob).toEqual({
      _id: result.upsertedId,
      tenantId: 't1',
      userNameLower: 'bob',
      userName: 'Bob',
      loginCount: 0,
      logins: 1,
    });
  });

  it('upserts with the _id named in the filter', async () => {
    const result = await users.updateOne(
      { _id: 't1:carol' },
      { $set: { tenantId: 't1', userNameLower: 'carol' } },
      { upsert: true },
    );
    expect(result.upsertedId).toBe('t1:carol');
    expect(await users.findOne({ _id: 't1:carol' })).toEqual({
      _id: 't1:carol',
      tenantId: 't1',
      userNameLower: 'carol',
    });
  });

  it('updates a matching document on upsert and ignores $setOnInsert', async () => {
    const result = await users.updateOne(
      { _id: 't1:alice' },
      { $set: { active: true }, $setOnInsert: { loginCount: 100 } },
      { upsert: true },
    );
    expect(result).toEqual({ matchedCount: 1, modifiedCount: 1 });
    expect(await alice()).toMatchObject({ active: true, loginCount: 1 });
  });

  it('updates every match with updateMany and counts only real modifications', async () => {
    await users.insertMany([
      user('bob', { loginCount: 1 }),
      user('carol', { loginCount: 7 }),
      user('dave', { tenantId: 't2' }),
    ]);
    expect(await users.updateMany({ tenantId: 't1' }, { $set: { loginCount: 7 } })).toEqual({
      matchedCount: 3,
      modifiedCount: 2,
    });
    expect(await users.countDocuments({ loginCount: 7 })).toBe(3);
  });

  it('returns the document after the update by default and before it on request', async () => {
    const after = await users.findOneAndUpdate({ _id: 't1:alice' }, { $inc: { loginCount: 1 } });
    expect(after?.loginCount).toBe(2);
    const before = await users.findOneAndUpdate(
      { _id: 't1:alice' },
      { $inc: { loginCount: 1 } },
      { returnDocument: 'before' },
    );
    expect(before?.loginCount).toBe(2);
    const projected = await users.findOneAndUpdate(
      { _id: 't1:alice' },
      { $set: { active: true } },
      { projection: { active: 1 } },
    );
    expect(projected).toEqual({ _id: 't1:alice', active: true });
    expect(await users.findOneAndUpdate({ _id: 'nobody' }, { $set: { active: true } })).toBeNull();
  });

  it('returns the inserted document from findOneAndUpdate with upsert', async () => {
    const doc = await users.findOneAndUpdate(
      { tenantId: 't1', userNameLower: 'erin' },
      { $set: { userName: 'Erin' } },
      { upsert: true },
    );
    expect(doc).toEqual({ _id: expect.any(String), tenantId: 't1', userNameLower: 'erin', userName: 'Erin' });
  });

  it('replaces the whole document and keeps its _id', async () => {
    const replacement = { _id: 't1:alice', tenantId: 't1', userName: 'ALICE', userNameLower: 'alice' };
    expect(await users.replaceOne({ tenantId: 't1', userNameLower: 'alice' }, replacement)).toEqual({
      matchedCount: 1,
      modifiedCount: 1,
    });
    expect(await alice()).toEqual(replacement);
    expect(await users.replaceOne({ _id: 'nobody' }, { ...replacement, _id: 'nobody' })).toEqual({
      matchedCount: 0,
      modifiedCount: 0,
    });
  });

  it('inserts the replacement when replaceOne upserts', async () => {
    const replacement = user('frank');
    const result = await users.replaceOne({ _id: replacement._id }, replacement, { upsert: true });
    expect(result).toEqual({ matchedCount: 0, modifiedCount: 0, upsertedId: replacement._id });
    expect(await users.findOne({ _id: replacement._id })).toEqual(replacement);
  });

  it('refuses an update that changes _id', async () => {
    await expect(users.updateOne({ _id: 't1:alice' }, { $set: { _id: 'other' } })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(await alice()).not.toBeNull();
  });

  it('deletes one or many documents and reports how many', async () => {
    await users.insertMany([user('bob'), user('carol'), user('dave', { tenantId: 't2' })]);
    expect(await users.deleteOne({ tenantId: 't1' })).toBe(1);
    expect(await users.deleteMany({ tenantId: 't1' })).toBe(2);
    expect(await users.deleteMany({ tenantId: 't1' })).toBe(0);
    expect(await users.deleteMany({ userName: /^D/i })).toBe(1);
    expect(await users.countDocuments({})).toBe(0);
  });
}
