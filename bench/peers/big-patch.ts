import { createClient } from '../scim-load.js';
import { roster } from './systems.js';
import { createUsers } from './workload.js';

// One PATCH adding MEMBERS members at once, while a second client asks GET /ServiceProviderConfig
// back to back: the longest wait of those GETs is how long the PATCH held the event loop.
const MEMBERS = Number(process.argv[2] ?? 1000);

async function main(): Promise<void> {
  const running = await roster.start();
  const [tenant] = running.tenants;
  const client = createClient(tenant.token, 8);
  const probe = createClient(tenant.token, 1);
  try {
    const ids: string[] = [];
    await createUsers(client, tenant, MEMBERS, ids);
    const group = await client.send('POST', `${tenant.url}/Groups`, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'big',
    });
    const groupId = (JSON.parse(group.body) as { id: string }).id;
    for (let round = 0; round < 3; round++) {
      let done = false;
      let longest = 0;
      const probing = (async () => {
        while (!done) longest = Math.max(longest, (await probe.send('GET', `${tenant.url}/ServiceProviderConfig`)).ms);
      })();
      const cpuBefore = await running.cpuMs();
      const op = round === 1 ? 'remove' : 'add';
      const reply = await client.send('PATCH', `${tenant.url}/Groups/${groupId}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          op === 'add' ? { op, path: 'members', value: ids.map((value) => ({ value })) } : { op, path: 'members' },
        ],
      });
      const cpu = (await running.cpuMs()) - cpuBefore;
      done = true;
      await probing;
      console.log(
        `${op} ${MEMBERS} members: ${reply.status} in ${reply.ms.toFixed(0)} ms, server CPU ${cpu.toFixed(0)} ms; ` +
          `longest concurrent GET ${longest.toFixed(0)} ms`,
      );
    }
  } finally {
    client.close();
    probe.close();
    await running.stop();
  }
}

void main();
