import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.js';
import { createRuntime } from '../../src/runtime.js';
import type { TestServer } from './server.js';

/**
 * A second API process behind the same load balancer: its own runtime (store connection and Redis
 * client) on the same data folder, Redis prefix and public URL as `server`. Answers on its own port.
 */
export async function startSecondInstance(server: TestServer): Promise<{ url: string; close(): Promise<void> }> {
  const runtime = await createRuntime(server.config, server.logger, { ttlSweepSeconds: 0 });
  const http = createServer(createApp(runtime));
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await runtime.close();
    },
  };
}
