import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.js';
import { createCredential } from '../../src/credentials/index.js';
import { createTenant } from '../../src/tenants/index.js';
import { createIsolatedRuntime } from '../../test/helpers/isolated-runtime.js';

// Roster for bench/peers/run.ts: the real app on the embedded (durable SQLite) engine in a
// temporary folder, two tenants with a SCIM token each. Same IPC protocol as polis-server.mjs.

async function main(): Promise<void> {
  const runtime = await createIsolatedRuntime('bench-peers', { ROSTER_BODY_LIMIT: '1mb' }, 'warn');
  const { config, store, redis, logger, recorder, directory } = runtime;
  const actor = { type: 'cli' as const, id: 'bench' };
  const handlers: { app?: ReturnType<typeof createApp> } = {};
  const server = createServer((req, res) => handlers.app!(req, res));
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handlers.app = createApp({
    config: Object.freeze({ ...config, publicUrl: url }),
    store,
    redis,
    logger,
    recorder,
    queues: runtime.queues,
  });
  const tenants: { id: string; url: string; token: string }[] = [];
  for (const id of ['tenant-a', 'tenant-b']) {
    await createTenant(directory, { id, plan: 'enterprise', actor });
    const { secret } = await createCredential(directory, { tenantId: id, kind: 'scim', actor });
    tenants.push({ id, url: `${url}/scim/v2/${id}`, token: secret });
  }
  process.on('disconnect', () => void runtime.close().finally(() => process.exit(1)));
  const profiler = new Session();
  process.on('message', async (m: { type: string; tenant: number; groupId: string; file: string }) => {
    // bench/peers/profile.ts: a CPU profile of one phase of the workload (what node --cpu-prof
    // writes, but around that phase only).
    if (m.type === 'profile-start') {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
      await profiler.post('Profiler.start');
      process.send!({ type: 'profiling' });
    }
    if (m.type === 'profile-stop') {
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      await writeFile(m.file, JSON.stringify(profile));
      process.send!({ type: 'profiled' });
    }
    // bench/peers/workload.ts: this process's CPU time, read before and after each phase.
    if (m.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ type: 'cpu', micros: user + system });
    }
    if (m.type === 'members') {
      const count = await store
        .collection('memberships')
        .countDocuments({ tenantId: tenants[m.tenant].id, groupId: m.groupId });
      process.send!({ type: 'members', count });
    }
    if (m.type === 'stop') {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
      process.send!({ type: 'stopped' }, () => process.exit(0));
    }
  });
  process.send!({ type: 'ready', tenants: tenants.map(({ url: u, token }) => ({ url: u, token })) });
}

void main();
