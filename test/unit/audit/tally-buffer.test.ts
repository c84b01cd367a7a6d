import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTallyBuffer, type AuditEventDoc, type AuditInput } from '../../../src/audit/index.js';
import { tempDirectory } from '../../helpers/store.js';

// The tally buffer (src/audit/tally-buffer.ts): a denial seen for the first time in its minute is
// on disk before its caller goes on, however many callers arrive at once; repeats are counted.

const denial = (permission: string): AuditInput => ({
  action: 'access.denied',
  actor: { type: 'api_key', id: 'k1' },
  outcome: 'denied',
  target: { type: 'permission', id: permission },
  details: { subject: 'u1', permission },
});

describe('tally buffer', () => {
  let deps: Awaited<ReturnType<typeof tempDirectory>>;
  const now = () => new Date('2026-03-01T12:00:30Z');
  beforeEach(async () => {
    deps = await tempDirectory(now);
  });
  afterEach(() => deps.close());

  const rows = () =>
    deps.store.collection<AuditEventDoc>('auditEvents').find({ tenantId: 'acme' }, { sort: { seq: 1 } });

  it('has every first denial of concurrent callers stored when each caller resumes', async () => {
    const tally = createTallyBuffer({ ...deps, now, flushMs: 60_000 });
    const seenAfter: number[] = [];
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((p) =>
        tally.add('acme', [denial(p)]).then(async () => seenAfter.push((await rows()).length)),
      ),
    );
    expect(seenAfter.every((n) => n === 4)).toBe(true);
    expect((await rows()).map((r) => [r.target?.id, r.count, r.seq])).toEqual([
      ['a', 1, 1],
      ['b', 1, 2],
      ['c', 1, 3],
      ['d', 1, 4],
    ]);
  });

  it('counts repeats, those of the same turn as the first included, into the one row', async () => {
    const tally = createTallyBuffer({ ...deps, now, flushMs: 60_000 });
    await Promise.all([tally.add('acme', [denial('a')]), tally.add('acme', [denial('a'), denial('b')])]);
    await tally.add('acme', [denial('a')]);
    await tally.flush();
    expect((await rows()).map((r) => [r.target?.id, r.count])).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
  });

  it('files the repeats of a minute under that minute, however late they are written', async () => {
    let clock = new Date('2026-03-01T12:00:50Z');
    const late = await tempDirectory(() => clock);
    try {
      const tally = createTallyBuffer({ ...late, now: () => clock, flushMs: 60_000 });
      await tally.add('acme', [denial('a')]);
      await tally.add('acme', [denial('a'), denial('a')]);
      clock = new Date('2026-03-01T12:01:05Z'); // the next minute's first request flushes the last one's
      await tally.add('acme', [denial('a')]);
      await tally.flush();
      const stored = await late.store
        .collection<AuditEventDoc>('auditEvents')
        .find({ tenantId: 'acme' }, { sort: { seq: 1 } });
      expect(stored.map((r) => [r.window, r.count, r.lastTime])).toEqual([
        ['2026-03-01T12:00:00.000Z', 3, '2026-03-01T12:00:50.000Z'],
        ['2026-03-01T12:01:00.000Z', 1, '2026-03-01T12:01:05.000Z'],
      ]);
    } finally {
      await late.close();
    }
  });
});
