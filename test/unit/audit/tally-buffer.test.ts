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
});
