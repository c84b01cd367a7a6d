import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp } from '../src/app.js';
import { createIsolatedRuntime } from '../test/helpers/isolated-runtime.js';
import { createTenant } from '../src/tenants/index.js';
import { putRole, putRoleMapping } from '../src/access/index.js';
import { ACS_STEPS, saveConnection } from '../src/saml/index.js';

type AcsRow = (typeof ACS_STEPS)[number];

// The server side of bench/saml.ts, forked as its own process: the real app on the embedded
// engine in a temporary folder with one tenant and its IdP connection, plus a bare Express
// endpoint that reads the same form and answers the same 303 (the ceiling). IPC to the parent.

async function listen(
  handler?: Parameters<typeof createServer>[1],
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = handler ? createServer(handler) : createServer();
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function bareExpress(limit: string) {
  const app = express();
  app.post('/acs', express.urlencoded({ extended: false, limit, parameterLimit: 10 }), (req, res) => {
    const ok = typeof (req.body as { SAMLResponse?: unknown }).SAMLResponse === 'string';
    res
      .status(ok ? 303 : 400)
      .set('location', '/')
      .end();
  });
  return app;
}

/**
 * Times every ACS step (src/saml/acs/pipeline.ts) of the logins the app serves, by wrapping the
 * rows of the table the app runs: the per-step figures of the README come from here. Wall time
 * per call, under the run's concurrency; `reset` drops the warm-up's calls.
 */
function timeAcsSteps(): { reset(): void; report(): Record<string, { calls: number; meanMs: number }> } {
  const spent = new Map<string, { calls: number; ms: number }>();
  for (const row of ACS_STEPS as { -readonly [K in keyof AcsRow]: AcsRow[K] }[]) {
    const step = row.step;
    row.step = async (ctx, deps) => {
      const started = performance.now();
      try {
        await step(ctx, deps);
      } finally {
        const entry = spent.get(row.name) ?? { calls: 0, ms: 0 };
        entry.calls++;
        entry.ms += performance.now() - started;
        spent.set(row.name, entry);
      }
    };
  }
  return {
    reset: () => spent.clear(),
    report: () => Object.fromEntries([...spent].map(([name, { calls, ms }]) => [name, { calls, meanMs: ms / calls }])),
  };
}

interface Setup {
  idpEntityId: string;
  ssoUrl: string;
  signingCert: string;
}

async function main(setup: Setup): Promise<void> {
  const runtime = await createIsolatedRuntime('bench-saml', {}, process.env.BENCH_LOG_LEVEL ?? 'error');
  const { config, store, redis, logger, recorder, directory } = runtime;
  const actor = { type: 'cli' as const, id: 'bench' };
  await createTenant(directory, { id: 'bench', plan: 'enterprise', actor });
  await saveConnection(directory, {
    tenantId: 'bench',
    settings: {
      idpEntityId: setup.idpEntityId,
      ssoUrl: setup.ssoUrl,
      signingCerts: [setup.signingCert],
      profile: 'okta',
    },
    actor,
  });
  await putRole(directory, 'bench', { name: 'engineer', permissions: ['code:write'] }, actor);
  await putRole(directory, 'bench', { name: 'member', permissions: ['chat:complete'] }, actor);
  await putRoleMapping(
    directory,
    'bench',
    {
      strategy: 'union',
      defaultRole: null,
      rules: [
        { group: 'Engineering', role: 'engineer' },
        { group: 'Everyone', role: 'member' },
      ],
    },
    actor,
  );

  // Listen first, so the public URL (ACS URL, Destination, Recipient) names the real port.
  const roster = await listen();
  roster.server.on(
    'request',
    createApp({
      config: Object.freeze({ ...config, publicUrl: roster.url }),
      store,
      redis,
      logger,
      recorder,
      queues: runtime.queues,
    }),
  );
  const bare = await listen(bareExpress(config.saml.bodyLimit));

  const steps = timeAcsSteps();
  process.send!({ type: 'ready', url: roster.url, bareUrl: bare.url });
  process.on('message', (m: { type: string }) => {
    if (m.type === 'reset-steps') {
      steps.reset();
      process.send!({ type: 'steps-reset' });
    }
  });
  process.once('message', async function stop(m: { type: string }) {
    if (m.type !== 'stop') return void process.once('message', stop);
    const users = await store.collection('users').countDocuments({ tenantId: 'bench' });
    const logins = await store.collection('auditEvents').countDocuments({ tenantId: 'bench', action: 'user.login' });
    await Promise.all([roster.close(), bare.close()]);
    await runtime.close();
    process.send!({ type: 'stopped', users, logins, steps: steps.report() }, () => process.exit(0));
  });
}

process.once('message', (setup: Setup) => void main(setup));
