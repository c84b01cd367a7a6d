import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createStore,
  type EmbeddedStore,
  INDEXES,
  openEmbeddedStore,
  type Db,
  type StoreLogger,
} from '../../../src/store/index.js';

// Behaviour of the embedded engine that the contract suite cannot express for both engines.

type LogFn = StoreLogger['info'];
const silentLogger = () => ({ info: vi.fn<LogFn>(), warn: vi.fn<LogFn>(), error: vi.fn<LogFn>() });

describe('embedded engine', () => {
  let root: string;
  let dataDir: string;
  let store: EmbeddedStore | undefined;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'roster-embedded-'));
    dataDir = path.join(root, 'nested', 'data');
  });
  afterEach(async () => {
    vi.useRealTimers();
    await store?.close();
    store = undefined;
    await rm(root, { recursive: true, force: true });
  });
  const open = async (options: Partial<Parameters<typeof openEmbeddedStore>[0]> = {}) => {
    store = openEmbeddedStore({ dataDir, ttlSweepSeconds: 0, ...options });
    await store.migrate();
    return store;
  };

  it('is what createStore opens without a MongoDB URI, in <dataDir>/roster.sqlite, creating dataDir', async () => {
    const created = await createStore({ dataDir, ttlSweepSeconds: 0 });
    expect(created.engine).toBe('embedded');
    expect(existsSync(path.join(dataDir, 'roster.sqlite'))).toBe(true);
    expect((created as EmbeddedStore).explain('users', { tenantId: 't', userNameLower: 'a' }).join()).toContain(
      'USING INDEX',
    );
    await created.close();
  });

  it('rejects a write through the store inside withTransaction instead of waiting for itself forever', async () => {
    const s = await open({ lockWaitMs: 200 });
    const attempt = s.withTransaction(() =>
      s.collection('users').insertOne({ _id: 'u1', tenantId: 't1', userNameLower: 'a' }),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'store_transaction_failed' });
    expect(await s.collection('users').countDocuments({})).toBe(0);
  });

  it('settles each of many concurrent transactions on its own: a failing one loses only its own writes', async () => {
    const s = await open();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The first holds the writer while the others queue up behind it, so they run as one batch.
    const first = s.withTransaction(async (tx) => {
      await tx.collection('users').insertOne({ _id: 'u0', tenantId: 't1', userNameLower: 'zero' });
      await gate;
      return 'first';
    });
    const insert = (id: string, name: string) => (tx: Db) =>
      tx.collection('users').insertOne({ _id: id, tenantId: 't1', userNameLower: name });
    const queued = [
      s.withTransaction(async (tx) => (await insert('u1', 'one')(tx))._id),
      s.withTransaction(async (tx) => {
        await insert('u2', 'two')(tx);
        await tx.collection('outbox').insertOne({ _id: 'e2', tenantId: 't1', seq: 2 });
        throw new Error('changed my mind');
      }),
      // Sees u1 from the transaction before it, as if that had committed first: a unique clash.
      s.withTransaction(async (tx) => (await insert('u3', 'one')(tx))._id),
      s.withTransaction(async (tx) => (await tx.collection('users').countDocuments({ tenantId: 't1' })) as number),
    ];
    release();
    const outcomes = await Promise.allSettled([first, ...queued]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as { code?: string }).code))).toEqual([
      'first',
      'u1',
      undefined, // the plain Error of the callback
      'store_unique_violation',
      2,
    ]);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ message: 'changed my mind' });
    expect((await s.collection('users').find({}, { sort: { _id: 1 } })).map((u) => u._id)).toEqual(['u0', 'u1']);
    expect(await s.collection('outbox').countDocuments({})).toBe(0);
  });

  it('keeps a write queued behind a long transaction that is still working, past lockWaitMs', async () => {
    const s = await open({ lockWaitMs: 200 });
    // Parts of a large change with turns of the event loop between them (src/domain/turns.ts), 600 ms in all.
    const long = s.withTransaction(async (tx) => {
      for (let part = 0; part < 12; part++) {
        await tx.collection('users').insertOne({ _id: `p${part}`, tenantId: 't1', userNameLower: `p${part}` });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Another request's write, arriving while the long one runs: it waits its turn, however long.
    const queued = s.collection('users').insertOne({ _id: 'late', tenantId: 't1', userNameLower: 'late' });
    await long;
    await expect(queued).resolves.toBeTruthy();
    expect(await s.collection('users').countDocuments({})).toBe(13);
  });

  it('rejects a nested withTransaction', async () => {
    const s = await open({ lockWaitMs: 200 });
    await expect(s.withTransaction(() => s.withTransaction(async () => 1))).rejects.toMatchObject({
      code: 'store_transaction_failed',
    });
  });

  it('rejects writes through a tx that escaped its finished transaction', async () => {
    const s = await open();
    let leaked: Db | undefined;
    await s.withTransaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.collection('users').insertOne({ _id: 'u1' })).rejects.toMatchObject({
      code: 'store_transaction_failed',
    });
    expect(await s.collection('users').countDocuments({})).toBe(0);
  });

  it('holds writes from outside until an open transaction commits, then applies them after it', async () => {
    const s = await open();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tx = s.withTransaction(async (t) => {
      await t.collection('outbox').insertOne({ _id: 'tx', seq: 1 });
      await gate;
      await t.collection('outbox').updateOne({ _id: 'tx' }, { $set: { seq: 2 } });
    });
    const outside = s.collection('outbox').updateOne({ _id: 'tx' }, { $inc: { seq: 10 } }, { upsert: true });
    release();
    await tx;
    expect(await outside).toEqual({ matchedCount: 1, modifiedCount: 1 });
    expect(await s.collection('outbox').findOne({ _id: 'tx' })).toEqual({ _id: 'tx', seq: 12 });
  });

  it('sweeps expired documents on its interval and stops sweeping when closed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const logger = silentLogger();
    const swept = new Promise((resolve) => logger.info.mockImplementation((obj) => resolve(obj)));
    const s = await open({ ttlSweepSeconds: 30, logger });
    await s.collection('auditEvents').insertOne({ _id: 'a1', tenantId: 't1', expiresAt: new Date(Date.now() - 1000) });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await swept).toEqual({ deleted: 1 });
    expect(await s.collection('auditEvents').countDocuments({})).toBe(0);
    await s.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves indexes alone on a second migrate and rebuilds one whose definition changed', async () => {
    const logger = silentLogger();
    const loose = {
      ...INDEXES,
      users: [{ name: 'tenant_username', keys: { tenantId: 1, userNameLower: 1 } } as const],
    };
    const first = await open({ indexes: loose, logger });
    await first.migrate();
    expect(logger.warn).not.toHaveBeenCalled();
    await first.collection('users').insertMany([
      { _id: 'a', tenantId: 't', userNameLower: 'x' },
      { _id: 'b', tenantId: 't', userNameLower: 'y' },
    ]);
    await first.close();
    const strict = await open({ logger });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ index: 'users__tenant_username' }),
      expect.any(String),
    );
    await expect(
      strict.collection('users').insertOne({ _id: 'c', tenantId: 't', userNameLower: 'x' }),
    ).rejects.toMatchObject({ code: 'store_unique_violation' });
  });

  it('reports an unknown update operator as invalid input', async () => {
    const s = await open();
    await s.collection('users').insertOne({ _id: 'u1', tenantId: 't' });
    await expect(s.collection('users').updateOne({ _id: 'u1' }, { $frobnicate: { a: 1 } })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('pages a range over mixed-type values: rows SQL returns but MongoDB does not match never count', async () => {
    const s = await open();
    const events = s.collection<{ _id: string; tenantId: string; seq: unknown }>('auditEvents');
    // SQLite orders every number below every string, so `seq > 2` finds the string seqs too;
    // MongoDB compares within one type only and matches numbers alone.
    const docs = [1, 2, 3, 'x4', 'x5', 4, 'x6', 5, 6, 7].map((seq, i) => ({ _id: `e${i}`, tenantId: 't', seq }));
    await events.insertMany(docs);
    await events.insertOne({ _id: 'other', tenantId: 'u', seq: 4 });
    const seqs = async (options: { skip?: number; limit?: number }) =>
      (await events.find({ tenantId: 't', seq: { $gt: 2 } }, { sort: { seq: 1 }, ...options })).map((d) => d.seq);
    expect(await seqs({})).toEqual([3, 4, 5, 6, 7]);
    expect(await seqs({ limit: 2 })).toEqual([3, 4]);
    expect(await seqs({ limit: 4 })).toEqual([3, 4, 5, 6]);
    expect(await seqs({ skip: 2, limit: 2 })).toEqual([5, 6]);
    expect(await seqs({ skip: 3, limit: 5 })).toEqual([6, 7]);
    expect(await events.countDocuments({ tenantId: 't', seq: { $gt: 2 } })).toBe(5);
  });

  it('revives every stored Date, however deep and wherever it sits among other values', async () => {
    const s = await open();
    const when = [new Date('2026-01-02T03:04:05.006Z'), new Date('2027-01-01T00:00:00.000Z')];
    const doc = {
      _id: 'd1',
      tenantId: 't',
      first: when[0],
      note: 'text that quotes {"$date":"2020-01-01T00:00:00.000Z"} is still text',
      nested: { list: [1, { at: when[1] }, [when[0]]] },
      last: when[1],
    };
    await s.collection('auditEvents').insertOne(doc);
    const read = await s.collection('auditEvents').findOne({ _id: 'd1' });
    expect(read).toEqual(doc);
    expect((read as typeof doc).last).toBeInstanceOf(Date);
  });
});
