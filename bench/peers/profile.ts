import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createClient } from '../scim-load.js';
import { roster } from './systems.js';
import { CONNECTIONS, createUsers, fillGroup, lookups, walkList } from './workload.js';

// CPU profiles of Roster's server (bench/peers/roster-server.ts) during each phase of the peer
// workload, one .cpuprofile per phase (open in Chrome DevTools or speedscope), and a summary of
// the functions with the most self and total time in each. Run from bench/peers:
//   node --import tsx profile.ts [users=2000] [dir=/tmp/roster-peers-prof]

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
}

const USERS = Number(process.argv[2] ?? 2000);
const DIR = process.argv[3] ?? '/tmp/roster-peers-prof';
const TOP = Number(process.env.PROFILE_TOP ?? 25);

function label(node: Node): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\//, '').replace(`${path.resolve('../..')}/`, '');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

/** Self and total (inclusive, counted once per sample even when recursive) shares of busy samples. */
function summarize(profile: Profile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const idle = new Set(['(idle)', '(program)', '(garbage collector)']);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const leaf = byId.get(id)!;
    if (idle.has(leaf.callFrame.functionName) && leaf.callFrame.functionName !== '(garbage collector)') continue;
    busy++;
    self.set(label(leaf), (self.get(label(leaf)) ?? 0) + 1);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + 1);
    }
  }
  const show = (title: string, m: Map<string, number>) => {
    console.log(`  ${title}`);
    for (const [name, n] of [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP))
      console.log(`    ${((100 * n) / busy).toFixed(1).padStart(5)}%  ${name}`);
  };
  console.log(`  ${busy} busy samples of ${profile.samples.length}`);
  show('self', self);
  show('total', total);
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const running = await roster.start();
  const [tenant] = running.tenants;
  const client = createClient(tenant.token, CONNECTIONS);
  const phase = async (name: string, work: () => Promise<unknown>) => {
    const file = path.join(DIR, `${name}.cpuprofile`);
    await running.ask({ type: 'profile-start' }, 'profiling');
    const started = performance.now();
    const cpuBefore = await running.cpuMs();
    await work();
    const cpuMs = (await running.cpuMs()) - cpuBefore;
    const seconds = (performance.now() - started) / 1000;
    await running.ask({ type: 'profile-stop', file }, 'profiled');
    console.log(`${name}: ${seconds.toFixed(2)} s, server CPU ${(cpuMs / 1000).toFixed(2)} s; ${file}`);
    summarize(JSON.parse(await readFile(file, 'utf8')) as Profile);
  };
  try {
    const ids: string[] = [];
    await phase('creates', () => createUsers(client, tenant, USERS, ids));
    await phase('eq', () => lookups(client, tenant, ids));
    await phase('patch', () => fillGroup(client, tenant, ids, running.members, running.cpuMs));
    await phase('list', () => walkList(client, tenant, ids));
  } finally {
    client.close();
    await running.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
