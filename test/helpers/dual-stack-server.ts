import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.js';
import { createIsolatedRuntime, type IsolatedRuntime } from './isolated-runtime.js';

export interface DualStackServer {
  /** http://127.0.0.1:<port>: requests arrive from 127.0.0.1 (::ffff:127.0.0.1 on the socket). */
  v4: string;
  /** http://[::1]:<port>: the same server, requests from ::1. */
  v6: string;
  runtime: IsolatedRuntime;
  close(): Promise<void>;
}

/**
 * The real app listening on `::` (dual stack), so a test can call it from 127.0.0.1 and from ::1
 * and see what req.ip each gives, on an isolated store and Redis prefix.
 */
export async function startDualStackServer(env: Record<string, string> = {}): Promise<DualStackServer> {
  const runtime = await createIsolatedRuntime('dual', env, process.env.ROSTER_TEST_LOG_LEVEL ?? 'silent');
  const server = createServer();
  server.listen({ port: 0, host: '::', ipv6Only: false });
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const v4 = `http://127.0.0.1:${port}`;
  const { store, redis, logger, recorder } = runtime;
  const config = Object.freeze({ ...runtime.config, publicUrl: v4 });
  server.on('request', createApp({ config, store, redis, logger, recorder, queues: runtime.queues }));
  return {
    v4,
    v6: `http://[::1]:${port}`,
    runtime,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}
