import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCredential } from '../../../src/credentials/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./write-events.child.ts', import.meta.url));
const PER_WRITER = 60;

// Two processes commit to one store at once while a third polls GET /v1/events?after=<cursor>.
// A reader that remembered the highest number it saw would skip an event that committed after a
// higher-numbered one; the recorder numbers inside the writing transaction (src/audit/recorder.ts),
// so that cannot happen, and this test would see it if it did.

describe('events API with two writers committing concurrently', () => {
  let dataDir: string;
  let server: TestServer;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'roster-two-writers-'));
    server = await startTestServer({ ROSTER_DATA_DIR: dataDir });
  });
  afterEach(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('gives a polling reader every event exactly once, in seq order, none skipped', async () => {
    const actor = { type: 'system' as const, id: 'two-writers' };
    await createTenant(server.directory, { id: 'acme', actor });
    const { secret } = await createCredential(server.directory, { tenantId: 'acme', kind: 'admin', actor });
    const poll = async (after: string) => {
      const reply = await fetch(`${server.url}/v1/events?after=${after}&limit=7`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(reply.status).toBe(200);
      return (await reply.json()) as { data: { id: string; seq: number }[]; cursor: string };
    };

    const seen: { id: string; seq: number }[] = [];
    let cursor = '0';
    let writing = true;
    const writers = Promise.all(
      ['left', 'right'].map((label) =>
        run(process.execPath, ['--import', 'tsx', CHILD, dataDir, 'acme', label, String(PER_WRITER)]),
      ),
    ).finally(() => (writing = false));
    let pollsWhileWriting = 0;
    for (;;) {
      const stillWriting = writing;
      const page = await poll(cursor);
      seen.push(...page.data);
      cursor = page.cursor;
      if (stillWriting) pollsWhileWriting++;
      // Stop only after a poll that began once both writers had exited came back empty.
      if (!stillWriting && page.data.length === 0) break;
    }
    await writers;

    const stored = await server.store
      .collection<{ _id: string; seq: number }>('outbox')
      .find({ tenantId: 'acme' }, { sort: { seq: 1 } });
    expect(stored.filter((e: any) => e.type === 'user.created')).toHaveLength(2 * PER_WRITER);
    expect(seen.map((e) => e.id)).toEqual(stored.map((e) => e._id));
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    const seqs = seen.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(pollsWhileWriting).toBeGreaterThan(0);
  }, 120_000);
});
