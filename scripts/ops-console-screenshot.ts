// Renders docs/ops-console.png (the README's ops section): `npm run docs:ops-screenshot`. A real
// Roster with its sync workers, SCIM target doubles on loopback and Debian's chromium, as the
// browser tests use them (test/integration/ops/console-connectors.test.ts): one tenant with a
// connector whose target refused a user (a dead letter), one quarantined by a 401 and one
// holding a deprovision for approval, a suspended SIEM stream and a day of lag samples; a second
// tenant in sync.
import path from 'node:path';
import { addConnector, getConnector, type AddConnectorInput } from '../src/connectors/index.js';
import { createCredential } from '../src/credentials/index.js';
import { createOperatorKey } from '../src/operators/index.js';
import { addStream, suspendStream } from '../src/siem-streams/index.js';
import { recordLagPoint } from '../src/status/index.js';
import { createTenant } from '../src/tenants/index.js';
import { connectorCatalogue } from '../workers/sync/index.js';
import { launchChromium } from '../test/helpers/browser.js';
import { startOpsServer } from '../test/helpers/sync/ops-server.js';
import { startScimDouble, type ScimDouble } from '../test/helpers/sync/scim-double.js';
import { ACTOR, eventually, scimUser, startSyncHarness } from '../test/helpers/sync/sync-harness.js';

const OUT = path.resolve(import.meta.dirname, '..', 'docs', 'ops-console.png');
const HOUR = 3_600_000;

const source = await startSyncHarness({ env: { ROSTER_SYNC_QUARANTINE_BASE_MS: '3600000' } });
const ops = await startOpsServer(source);
const doubles: ScimDouble[] = [];
const browser = await launchChromium();
try {
  const { runtime } = source;
  const box = await runtime.secretBox();

  async function tenant(id: string, name: string, plan: 'enterprise' | 'free') {
    await createTenant(runtime.domain, { id, name, plan, actor: ACTOR });
    const { secret } = await createCredential(runtime.domain, { tenantId: id, kind: 'scim', actor: ACTOR });
    const scim = async (method: string, p: string, body?: unknown) => {
      const answer = await fetch(`${source.url}/scim/v2/${id}${p}`, {
        method,
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify(body),
      });
      return answer.json();
    };
    const connector = async (name: string, extra: Partial<AddConnectorInput> = {}) => {
      const down = await startScimDouble();
      doubles.push(down);
      const doc = await addConnector(
        { ...runtime.domain, box, catalogue: connectorCatalogue },
        {
          tenantId: id,
          name,
          kind: 'scim',
          config: { baseUrl: down.url, auth: { type: 'bearer', token: down.token } },
          actor: ACTOR,
          ...extra,
        },
      );
      await eventually('initial sync', async () => (await getConnector(runtime.domain, id, doc._id)).lastFullSync);
      return { down, doc };
    };
    return { scim, connector };
  }

  const acme = await tenant('acme', 'Acme Inc', 'enterprise');
  const slack = await acme.connector('slack-scim');
  const zoom = await acme.connector('zoom-scim');
  const notion = await acme.connector('notion-scim', { deleteGuard: { maxCount: 0, maxPercent: 20, minCount: 0 } });
  const people = ['ada', 'grace', 'alan', 'edsger'];
  const users = [];
  for (const who of people) users.push(await acme.scim('POST', '/Users', scimUser(`${who}@acme.example`)));
  await eventually('acme in sync', () => doubles.slice(0, 3).every((d) => d.users.size === people.length));
  // slack refuses the next user for good; zoom revokes Roster's token; notion's guard holds a deprovision.
  slack.down.failNext({ status: 400, body: { detail: 'userName must be unique' } });
  zoom.down.failAll({ status: 401, body: { detail: 'token revoked' } });
  await acme.scim('POST', '/Users', scimUser('barbara@acme.example'));
  await acme.scim('PUT', `/Users/${users[3].id}`, scimUser('edsger@acme.example', { active: false }));
  await eventually('the troubles', async () => {
    const [z, n] = await Promise.all([zoom.doc, notion.doc].map((d) => getConnector(runtime.domain, 'acme', d._id)));
    const dead = await runtime.queues.sync.getFailedCount();
    return z.state.status === 'quarantined' && n.heldDeletions && dead >= 2;
  });
  const siem = { ...runtime.domain, kinds: runtime.siemKinds, secretBox: runtime.secretBox };
  const stream = await addStream(siem, {
    tenantId: 'acme',
    actor: ACTOR,
    name: 'splunk-prod',
    kind: 'splunk_hec',
    config: { url: 'http://127.0.0.1:9', token: '9f1c2b7e-0000-4000-8000-000000000001', format: 'raw' },
  });
  await suspendStream(runtime.domain, stream, 'HEC answered 403: invalid token', new Date());
  const now = Date.now();
  for (let i = 1; i <= 96; i++) {
    const t = now - 24 * HOUR + i * 15 * 60_000;
    const wave = Math.max(0, Math.sin(i / 8));
    await recordLagPoint(runtime.redis, 'acme', { t, sync: Math.round(20 + 300 * wave), siem: i > 88 ? 600 : 30 });
    await recordLagPoint(runtime.redis, 'globex', { t, sync: Math.round(5 + 20 * wave), siem: 0 });
  }

  const globex = await tenant('globex', 'Globex', 'free');
  const github = await globex.connector('okta-scim');
  for (const who of ['hank', 'marge']) await globex.scim('POST', '/Users', scimUser(`${who}@globex.example`));
  await eventually('globex in sync', () => github.down.users.size === 2);

  const key = await createOperatorKey(runtime.domain, { name: 'Ada', role: 'ops:write', actor: ACTOR });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${ops.url}/ops`);
  await page.fill('input[name=key]', key.secret);
  await page.click('button[type=submit]');
  await page.screenshot({ path: OUT, fullPage: true });
  process.stdout.write(`wrote ${OUT}\n`);
} finally {
  await browser.close();
  for (const d of doubles) await d.close();
  await ops.close();
  await source.close();
}
