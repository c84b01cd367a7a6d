import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// npm run bench                 lists the benchmarks, then runs each in turn (long: minutes each)
// npm run bench -- scim saml    runs the named ones
// npm run bench -- --list       lists them and runs nothing
// Each runs as its own process (node --import tsx bench/<name>.ts) with this process's
// environment, so the sizes each one reads (BENCH_USERS …) pass through.

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));

const BENCHMARKS: Record<string, string> = {
  scim: 'SCIM provisioning over HTTP: user/group creates, userName lookups, filling one group (README, Provisioning)',
  saml:
    'SAML ACS over HTTP: verified logins per second beside a bare endpoint, ' +
    "and each ACS step's time (README, Single sign-on)",
  authz: 'RBAC decisions in process and POST /v1/authorize over HTTP beside a bare endpoint (README, Authorization)',
  'group-mapping': 'adding 1,000 users to a mapped group in one call: roles recomputed, one event each',
  sync: 'downstream sync to 3 SCIM targets: memberships/s and lag beside BullMQ no-op jobs/s (README, Downstream sync)',
  'sync-adds': 'CPU per live sync job queued, alone or sharing an addBulk pipeline (workers/sync/live-batcher.ts)',
};

function list(): void {
  console.log('benchmarks (node --import tsx bench/<name>.ts):');
  for (const [name, what] of Object.entries(BENCHMARKS)) console.log(`  ${name.padEnd(14)} ${what}`);
}

async function run(name: string): Promise<number> {
  console.log(`\n=== bench/${name}.ts (${new Date().toISOString()}) ===`);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, `${name}.ts`)], {
    stdio: 'inherit',
    env: process.env,
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return code ?? 1;
}

const args = process.argv.slice(2);
if (args.includes('--list')) {
  list();
} else {
  const unknown = args.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(`unknown benchmark: ${unknown.join(', ')}`);
    list();
    process.exit(2);
  }
  const names = args.length > 0 ? args : Object.keys(BENCHMARKS);
  if (args.length === 0) list();
  const failed: string[] = [];
  for (const name of names) if ((await run(name)) !== 0) failed.push(name);
  if (failed.length > 0) {
    console.error(`\nfailed: ${failed.join(', ')}`);
    process.exit(1);
  }
}
