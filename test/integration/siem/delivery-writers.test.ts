import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';
import { startDeliveryFixture, type DeliveryFixture } from '../../helpers/siem/delivery-fixture.js';
import { startHecReceiver, type HecReceiver } from '../../helpers/siem/hec-receiver.js';
import { waitFor } from '../../helpers/siem/rsyslog.js';

// Two writer processes commit to the same embedded store while the stream ships: sequence order is
// commit order (src/audit/recorder.ts), so a cursor never passes a record that commits late.

const TOKEN = '7a7a7a7a-0000-4000-8000-000000000007';
const WRITER = path.join(REPO_ROOT, 'test/helpers/siem/audit-writer.ts');

async function writer(dataDir: string, tenantId: string, count: number, label: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, tenantId, String(count), label], {
    env: { ...process.env, ROSTER_DATA_DIR: dataDir, MONGODB_URI: '' },
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
}

describe('SIEM delivery with two concurrent writer processes', () => {
  let f: DeliveryFixture;
  let hec: HecReceiver;
  beforeAll(async () => {
    f = await startDeliveryFixture();
    hec = await startHecReceiver({ token: TOKEN });
  });
  afterAll(async () => {
    await f?.close();
    await hec?.close();
  });

  it('ships every record both processes committed, in sequence order', async () => {
    const tenantId = await f.tenant('siem-writers');
    await f.stream(tenantId, {
      name: 'splunk',
      kind: 'splunk_hec',
      config: { url: hec.url, token: TOKEN, format: 'raw' },
      batch: { maxWaitMs: 0 },
    });
    await Promise.all([writer(f.runtime.dataDir, tenantId, 300, 'a'), writer(f.runtime.dataDir, tenantId, 300, 'b')]);
    const expected = (
      await f.runtime.store.collection('auditEvents').find({ tenantId, action: 'user.updated' }, { sort: { seq: 1 } })
    ).map((d) => d._id);
    expect(expected).toHaveLength(600);
    const got = () =>
      hec.events.map((e) => e.event as { id: string; action: string }).filter((e) => e.action === 'user.updated');
    await waitFor(() => (new Set(got().map((e) => e.id)).size >= 600 ? true : undefined), 60_000, 'all 600');
    const firstSeen = [...new Set(got().map((e) => e.id))];
    expect(firstSeen).toEqual(expected);
  }, 120_000);
});
