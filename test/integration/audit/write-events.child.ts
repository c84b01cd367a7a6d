// Run by two-writers.test.ts as a separate process: provisions users into a tenant of a data
// directory that other processes have open, through the composition root and the real domain
// service, so each user's events get their seq inside the writing transaction.
import { loadConfig } from '../../../config/index.js';
import { createLogger } from '../../../src/logging/index.js';
import { createUser } from '../../../src/people/index.js';
import { createRuntime } from '../../../src/runtime.js';

const [dataDir, tenantId, label, count = '1'] = process.argv.slice(2);
if (!dataDir || !tenantId || !label) throw new Error('usage: write-events.child.ts <dataDir> <tenant> <label> [count]');

const config = loadConfig({}, { ROSTER_DATA_DIR: dataDir, ROSTER_PORT: '1' });
const runtime = await createRuntime(config, createLogger('silent'), { ttlSweepSeconds: 0 });
const source = { actor: { type: 'system' as const, id: label }, source: 'scim' as const };
try {
  for (let i = 0; i < Number(count); i++) {
    await createUser(runtime.domain, tenantId, { userName: `${label}-${i}`, active: true }, source);
  }
} finally {
  await runtime.close();
}
