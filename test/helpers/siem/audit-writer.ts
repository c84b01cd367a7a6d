// A second writer process for the SIEM tests: commits `count` audit records of a tenant to the
// store named by ROSTER_DATA_DIR, one transaction each, as another API process would.
import { loadConfig } from '../../../config/index.js';
import { createLogger } from '../../../src/logging/index.js';
import { createRuntime } from '../../../src/runtime.js';

const [tenantId, count, label] = process.argv.slice(2);
const runtime = await createRuntime(loadConfig(), createLogger('silent'), { ttlSweepSeconds: 0 });
for (let i = 0; i < Number(count); i++)
  await runtime.store.withTransaction((tx) =>
    runtime.recorder.record(tx, tenantId, {
      audit: [
        {
          action: 'user.updated',
          actor: { type: 'scim_token', id: `tok_${label}` },
          target: { type: 'user', id: `usr_${label}_${i}` },
          outcome: 'success',
        },
      ],
    }),
  );
await runtime.close();
