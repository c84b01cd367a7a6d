import { beforeEach, expect, it } from 'vitest';
import type { Collection } from '../../../src/store/index.js';
import { user, type UserDoc } from './fixtures.js';
import type { StoreContext } from './harness.js';

const PEOPLE: UserDoc[] = [
  user('Alice', {
    active: true,
    loginCount: 5,
    name: { givenName: 'Alice', familyName: 'Liddell' },
    tags: ['admin', 'eng'],
    emails: [{ value: 'alice@example.com', type: 'work', primary: true }],
    createdAt: new Date('2024-01-01T00:00:00Z'),
  }),
  user('bob', {
    active: false,
    loginCount: 1,
    name: { givenName: 'Bob', familyName: 'Builder' },
    tags: ['eng'],
    emails: [{ value: 'bob@example.com', type: 'home' }],
    createdAt: new Date('2024-03-01T00:00:00Z'),
  }),
  user('Carol', {
    active: true,
    loginCount: 9,
    name: { givenName: 'Carol', familyName: 'Danvers' },
    tags: [],
    createdAt: new Date('2024-02-01T00:00:00Z'),
  }),
  user('dave', {
    tenantId: 't2',
    active: true,
    loginCount: 3,
    tags: ['admin'],
    createdAt: new Date('2024-04-01T00:00:00Z'),
  }),
];

const ids = (docs: { _id: string }[]) => docs.map((d) => d._id);

export function queryCases(ctx: StoreContext): void {
  let users: Collection<UserDoc>;
  beforeEach(async () => {
    users = ctx.store.collection<UserDoc>('users');
    await users.insertMany(PEOPLE.map((p) => structuredClone(p)));
  });

  it('returns a document by _id and by its tenant and userNameLower', async () => {
    expect(await users.findOne({ _id: 't1:alice' })).toEqual(PEOPLE[0]);
    expect(await users.findOne({ tenantId: 't1', userNameLower: 'bob' })).toEqual(PEOPLE[1]);
    expect(await users.findOne({ tenantId: 't2', userNameLower: 'bob' })).toBeNull();
  });

  it('combines _id with indexed and unindexed conditions', async () => {
    expect(
      ids(await users.find({ _id: { $in: ['t1:alice', 't1:bob', 't2:dave'] }, tenantId: 't1', active: true })),
    ).toEqual(['t1:alice']);
    expect(await users.findOne({ _id: 't1:bob', tenantId: 't1', active: true })).toBeNull();
    expect(
      await users.findOneAndUpdate(
        { _id: 't1:bob', tenantId: 't1', revokedAt: { $exists: false } },
        { $set: { revokedAt: 'now' } },
      ),
    ).toMatchObject({ revokedAt: 'now' });
  });

  it('filters by equality, $in, $nin, $ne, comparisons, $exists and $or', async () => {
    expect(ids(await users.find({ tenantId: 't1', active: true }, { sort: { userNameLower: 1 } }))).toEqual([
      't1:alice',
      't1:carol',
    ]);
    expect(ids(await users.find({ userNameLower: { $in: ['bob', 'dave', 'zed'] } }, { sort: { _id: 1 } }))).toEqual([
      't1:bob',
      't2:dave',
    ]);
    expect(ids(await users.find({ tenantId: 't1', userNameLower: { $nin: ['alice'] } }, { sort: { _id: 1 } }))).toEqual(
      ['t1:bob', 't1:carol'],
    );
    expect(await users.countDocuments({ tenantId: { $ne: 't1' } })).toBe(1);
    expect(ids(await users.find({ loginCount: { $gte: 3, $lt: 9 } }, { sort: { loginCount: 1 } }))).toEqual([
      't2:dave',
      't1:alice',
    ]);
    expect(ids(await users.find({ name: { $exists: false } }))).toEqual(['t2:dave']);
    expect(
      ids(await users.find({ $or: [{ loginCount: 1 }, { userNameLower: 'carol' }] }, { sort: { _id: 1 } })),
    ).toEqual(['t1:bob', 't1:carol']);
  });

  it('sorts, skips and limits on indexed and unindexed fields in both directions', async () => {
    expect(ids(await users.find({ tenantId: 't1' }, { sort: { userNameLower: -1 } }))).toEqual([
      't1:carol',
      't1:bob',
      't1:alice',
    ]);
    expect(ids(await users.find({}, { sort: { loginCount: -1 }, skip: 1, limit: 2 }))).toEqual(['t1:alice', 't2:dave']);
    expect(ids(await users.find({ tenantId: 't1' }, { sort: { userNameLower: 1 }, skip: 1, limit: 1 }))).toEqual([
      't1:bob',
    ]);
    expect(ids(await users.find({}, { sort: { createdAt: 1 }, limit: 2 }))).toEqual(['t1:alice', 't1:carol']);
    expect(ids(await users.find({ active: true }, { sort: { tenantId: -1, userNameLower: 1 } }))).toEqual([
      't2:dave',
      't1:alice',
      't1:carol',
    ]);
  });

  it('returns the first document in sort order from findOne', async () => {
    expect((await users.findOne({ tenantId: 't1' }, { sort: { loginCount: -1 } }))?._id).toBe('t1:carol');
  });

  it('returns only the projected fields: inclusion keeps _id unless excluded, exclusion drops fields', async () => {
    expect(await users.findOne({ _id: 't1:alice' }, { projection: { userName: 1, 'name.givenName': 1 } })).toEqual({
      _id: 't1:alice',
      userName: 'Alice',
      name: { givenName: 'Alice' },
    });
    expect(await users.find({ tenantId: 't2' }, { projection: { _id: 0, userName: 1 } })).toEqual([
      { userName: 'dave' },
    ]);
    const [bob] = await users.find({ _id: 't1:bob' }, { projection: { emails: 0, name: 0, tags: 0, createdAt: 0 } });
    expect(bob).toEqual({
      _id: 't1:bob',
      tenantId: 't1',
      userName: 'bob',
      userNameLower: 'bob',
      active: false,
      loginCount: 1,
    });
  });

  it('counts documents for exact and for non-indexed filters', async () => {
    expect(await users.countDocuments({})).toBe(4);
    expect(await users.countDocuments({ tenantId: 't1' })).toBe(3);
    expect(await users.countDocuments({ tenantId: 't1', 'name.familyName': { $regex: 'er' } })).toBe(2);
  });

  it('matches nested fields through dotted paths', async () => {
    expect(ids(await users.find({ 'name.familyName': 'Builder' }))).toEqual(['t1:bob']);
    expect(ids(await users.find({ 'emails.type': 'work' }))).toEqual(['t1:alice']);
    expect(ids(await users.find({ name: { givenName: 'Carol', familyName: 'Danvers' } }))).toEqual(['t1:carol']);
  });

  it('matches array fields by element, $all, $size and $elemMatch', async () => {
    expect(ids(await users.find({ tags: 'admin' }, { sort: { _id: 1 } }))).toEqual(['t1:alice', 't2:dave']);
    expect(ids(await users.find({ tags: { $all: ['admin', 'eng'] } }))).toEqual(['t1:alice']);
    expect(ids(await users.find({ tags: { $size: 0 } }))).toEqual(['t1:carol']);
    expect(ids(await users.find({ emails: { $elemMatch: { type: 'work', primary: true } } }))).toEqual(['t1:alice']);
  });

  it('matches $regex with the i option, as an operator and as a RegExp', async () => {
    expect(ids(await users.find({ userName: { $regex: '^a', $options: 'i' } }))).toEqual(['t1:alice']);
    expect(ids(await users.find({ userName: /^CAR/i }))).toEqual(['t1:carol']);
    expect(await users.countDocuments({ userName: { $regex: '^A' } })).toBe(1);
  });

  it('compares Dates in filters', async () => {
    const after = await users.find(
      { createdAt: { $gt: new Date('2024-01-15T00:00:00Z') } },
      { sort: { createdAt: 1 } },
    );
    expect(ids(after)).toEqual(['t1:carol', 't1:bob', 't2:dave']);
    expect(ids(await users.find({ createdAt: new Date('2024-03-01T00:00:00Z') }))).toEqual(['t1:bob']);
  });

  it('pages unrelayed outbox events oldest first, telling false apart from 0', async () => {
    const outbox = ctx.store.collection('outbox');
    await outbox.insertMany([
      { _id: 'e3', tenantId: 't1', seq: 3, relayed: false },
      { _id: 'e1', tenantId: 't2', seq: 1, relayed: false },
      { _id: 'e2', tenantId: 't1', seq: 2, relayed: true },
      { _id: 'e4', tenantId: 't1', seq: 4, relayed: 0 },
      { _id: 'e5', tenantId: 't1', seq: 5, relayed: false },
    ]);
    expect(ids(await outbox.find({ relayed: false }, { sort: { seq: 1 }, limit: 2 }))).toEqual(['e1', 'e3']);
    expect(ids(await outbox.find({ relayed: false }, { sort: { seq: 1 }, skip: 2, limit: 2 }))).toEqual(['e5']);
    expect(await outbox.countDocuments({ relayed: false })).toBe(3);
    expect(ids(await outbox.find({ relayed: 0 }))).toEqual(['e4']);
  });

  it('finds Dates by equality and $in on an indexed field', async () => {
    const audit = ctx.store.collection('auditEvents');
    const at = new Date('2024-06-01T12:00:00.000Z');
    await audit.insertMany([
      { _id: 'a1', tenantId: 't1', time: at },
      { _id: 'a2', tenantId: 't1', time: new Date(at.getTime() + 1) },
      { _id: 'a3', tenantId: 't1', time: at.toISOString() },
    ]);
    expect(ids(await audit.find({ tenantId: 't1', time: at }))).toEqual(['a1']);
    expect(ids(await audit.find({ tenantId: 't1', time: { $in: [at, new Date(0)] } }))).toEqual(['a1']);
    // MongoDB orders Dates after strings; so does the embedded engine's stored form.
    expect(ids(await audit.find({ tenantId: 't1' }, { sort: { time: -1 } }))).toEqual(['a2', 'a1', 'a3']);
  });

  it('pages by a range on an indexed field, comparing within one type as MongoDB does', async () => {
    const audit = ctx.store.collection('auditEvents');
    await audit.insertMany([
      { _id: 'r1', tenantId: 't1', seq: 1 },
      { _id: 'r2', tenantId: 't1', seq: 2 },
      { _id: 'r3', tenantId: 't1', seq: 3 },
      { _id: 'r4', tenantId: 't1', seq: '4' },
      { _id: 'r5', tenantId: 't1', seq: true },
      { _id: 'r6', tenantId: 't1' },
      { _id: 'r7', tenantId: 't2', seq: 2 },
    ]);
    const page = (seq: Record<string, unknown>, dir: 1 | -1) =>
      audit.find({ tenantId: 't1', seq }, { sort: { seq: dir }, limit: 2 }).then(ids);
    expect(await page({ $lt: 3 }, -1)).toEqual(['r2', 'r1']);
    expect(await page({ $gt: 1 }, 1)).toEqual(['r2', 'r3']);
    expect(await page({ $gte: 2, $lte: 3 }, 1)).toEqual(['r2', 'r3']);
    expect(await page({ $gt: 3 }, 1)).toEqual([]);
    expect(await page({ $gte: '4' }, 1)).toEqual(['r4']);
    expect(await audit.countDocuments({ tenantId: 't1', seq: { $gt: 0 } })).toBe(3);
  });
}
