import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/people/index.js';
import { startScimDouble, type ScimDouble } from '../../helpers/sync/scim-double.js';
import {
  ACTOR,
  eventually,
  FAST_SYNC_ENV,
  startSyncHarness,
  type SyncHarness,
} from '../../helpers/sync/sync-harness.js';

// A worker process SIGKILLed in the middle of a burst, then started again: every change still
// reaches the downstream exactly, and no remote user is created twice, although this target
// would happily accept a duplicate userName. Burst scaled to 800 users (the 2-core CI box);
// bench/sync.ts runs 10,000.

const USERS = 800;
const CHILD = path.resolve('test/helpers/sync/worker-child.ts');

function startChild(harness: SyncHarness): ChildProcess {
  return fork(CHILD, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      ...FAST_SYNC_ENV,
      ROSTER_DATA_DIR: harness.runtime.dataDir,
      ROSTER_REDIS_PREFIX: harness.runtime.prefix,
      ROSTER_SYNC_CONCURRENCY: '8',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

describe('a worker crash mid-burst', () => {
  let source: SyncHarness;
  let down: ScimDouble;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    source = await startSyncHarness({ workers: false });
    down = await startScimDouble();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await Promise.all([source.close(), down.close()]);
  });

  it('SIGKILL while applying, restart: the downstream ends exactly at the desired state, no user twice', async () => {
    const t = await source.tenant();
    await t.addConnector({
      name: 'crashy',
      kind: 'scim',
      config: { baseUrl: down.url, auth: { type: 'bearer', token: down.token } },
    });
    const first = startChild(source);
    children.push(first);
    await once(first, 'message');
    const ctx = { actor: ACTOR, source: 'scim' as const };
    const writes = (async () => {
      for (let i = 0; i < USERS; i++)
        await createUser(source.runtime.domain, t.tenant, { userName: `u${i}@acme.example`, active: true }, ctx);
    })();
    await eventually('the first worker mid-burst', () => down.creates.size >= 200, 60_000);
    first.kill('SIGKILL');
    await once(first, 'exit');
    const second = startChild(source);
    children.push(second);
    await writes;
    await eventually('every user downstream', () => down.users.size >= USERS && down.creates.size === USERS, 120_000);
    expect([...down.creates.values()].every((n) => n === 1)).toBe(true);
    expect(down.users.size).toBe(USERS);
    second.kill('SIGTERM');
    await once(second, 'exit');
  }, 180_000);
});
