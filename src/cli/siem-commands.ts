import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { RosterError } from '../errors/index.js';
import type { Runtime } from '../runtime.js';
import {
  addStream,
  listStreams,
  pauseStream,
  removeStream,
  replayFromText,
  replayStream,
  resumeStream,
  siemStreamMetrics,
  testStream,
  viewStream,
  type SiemStreamDeps,
  type SiemStreamDoc,
} from '../siem-streams/index.js';
import { cliActor, withRuntime } from './context.js';

// `roster siem …`: a tenant's SIEM streams. Secrets go in by --secret, a JSON file or stdin
// (`--config-file -`), so they need not appear in the shell history; they are never printed.

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function streamDeps(runtime: Runtime): SiemStreamDeps {
  return { ...runtime.domain, kinds: runtime.siemKinds, secretBox: runtime.secretBox };
}

function withStreams<R>(work: (deps: SiemStreamDeps) => Promise<R>): Promise<R> {
  return withRuntime((runtime) => work(streamDeps(runtime)));
}

function parseJson(text: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {}
  throw new RosterError('invalid_input', `${what} is not a JSON object`);
}

function readConfigFile(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new RosterError('invalid_input', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** `field.path=value` pairs (a secret field of the kind, e.g. token or auth.token) into the config. */
function applySecrets(config: Record<string, unknown>, pairs: string[]): Record<string, unknown> {
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new RosterError('invalid_input', `expected --secret field=value, got "${pair.split('=')[0]}"`);
    const path = pair.slice(0, eq).split('.');
    let node = config;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]] = pair.slice(eq + 1);
  }
  return config;
}

interface AddFlags {
  kind: string;
  config?: string;
  configFile?: string;
  secret: string[];
  categories?: string;
  maxEvents?: string;
  maxBytes?: string;
  maxWaitMs?: string;
}

function configFrom(flags: AddFlags): Record<string, unknown> {
  const base = flags.configFile
    ? parseJson(readConfigFile(flags.configFile), flags.configFile)
    : parseJson(flags.config ?? '{}', '--config');
  return applySecrets(base, flags.secret);
}

function batchFrom(flags: AddFlags) {
  const number = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  return { maxEvents: number(flags.maxEvents), maxBytes: number(flags.maxBytes), maxWaitMs: number(flags.maxWaitMs) };
}

function line(doc: SiemStreamDoc, lag?: number): string {
  const categories = doc.categories.length ? doc.categories.join(',') : 'all';
  const state = doc.stateReason ? `${doc.state} (${doc.stateReason})` : doc.state;
  const counters = `shipped ${doc.counters.shipped} failed ${doc.counters.failed} cursor ${doc.cursor}`;
  const lagText = lag === undefined ? '' : ` lag ${lag.toFixed(1)}s`;
  return `${doc._id}\t${doc.name}\t${doc.kind}\t${state}\t${categories}\t${counters}${lagText}`;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function registerAdd(siem: Command): void {
  siem
    .command('add <tenant> <name>')
    .description('add a SIEM stream; it ships audit records committed from now on (replay sends older ones)')
    .requiredOption('--kind <kind>', 'splunk_hec, syslog, elastic_bulk or http_json')
    .option('--config <json>', 'the target settings as JSON (see the README, "SIEM streams")')
    .option('--config-file <file>', 'the target settings from a JSON file, or - for stdin')
    .option('--secret <field=value>', 'a secret field, e.g. token=… or auth.token=… (repeat)', collect, [])
    .option('--categories <list>', 'ship only these: authentication,iam,access,configuration,other')
    .option('--max-events <n>', 'records per batch (default 1000)')
    .option('--max-bytes <n>', 'bytes per batch (default 1000000)')
    .option('--max-wait-ms <n>', 'how long a partial batch waits for more (default 1000)')
    .action(async (tenantId: string, name: string, flags: AddFlags) => {
      const doc = await withStreams((deps) =>
        addStream(deps, {
          tenantId,
          name,
          kind: flags.kind,
          config: configFrom(flags),
          categories: flags.categories?.split(',').map((c) => c.trim()),
          batch: batchFrom(flags),
          actor: cliActor(),
        }),
      );
      print(
        `added SIEM stream ${doc._id} (${doc.name}, ${doc.kind}) for tenant ${tenantId}, from cursor ${doc.cursor}`,
      );
    });
}

function registerStateCommands(siem: Command): void {
  const simple = [
    ['pause', 'stop shipping; the backlog waits in the store', pauseStream, 'paused'],
    ['resume', 'ship again from the cursor (after a pause or a suspension)', resumeStream, 'resumed'],
  ] as const;
  for (const [name, description, run, done] of simple)
    siem
      .command(`${name} <tenant> <stream>`)
      .description(description)
      .action(async (tenantId: string, stream: string) => {
        const doc = await withStreams((deps) => run(deps, { tenantId, stream, actor: cliActor() }));
        print(`${done} SIEM stream ${doc.name} at cursor ${doc.cursor}`);
      });
  siem
    .command('replay <tenant> <stream>')
    .description('set the cursor back to re-ship a window (at least once: the SIEM may see records twice)')
    .requiredOption('--from <time|cursor>', 'an ISO-8601 date-time, or a cursor (sequence number)')
    .action(async (tenantId: string, stream: string, flags: { from: string }) => {
      const doc = await withStreams((deps) =>
        replayStream(deps, { tenantId, stream, actor: cliActor(), from: replayFromText(flags.from) }),
      );
      print(`SIEM stream ${doc.name} replays from cursor ${doc.cursor}`);
    });
  siem
    .command('remove <tenant> <stream>')
    .description('remove a SIEM stream')
    .action(async (tenantId: string, stream: string) => {
      await withStreams((deps) => removeStream(deps, { tenantId, stream, actor: cliActor() }));
      print(`removed SIEM stream ${stream}`);
    });
}

export function registerSiemCommands(program: Command): void {
  const siem = program
    .command('siem')
    .description("manage a tenant's SIEM streams (Splunk HEC, syslog, Elastic, HTTPS)");
  registerAdd(siem);
  siem
    .command('list <tenant>')
    .description('list streams with state, counters, cursor and lag (secrets shown as [set])')
    .option('--json', 'print JSON')
    .action(async (tenantId: string, opts: { json?: boolean }) => {
      const { docs, lag } = await withStreams(async (deps) => {
        const list = await listStreams(deps, tenantId);
        const metrics = await siemStreamMetrics(deps.store, tenantId);
        return { docs: list, lag: new Map(metrics.map((m) => [m.id, m.lagSeconds])) };
      });
      if (opts.json)
        return print(
          JSON.stringify(
            docs.map((d) => ({ ...viewStream(d), lagSeconds: lag.get(d._id) })),
            null,
            2,
          ),
        );
      for (const doc of docs) print(line(doc, lag.get(doc._id)));
    });
  siem
    .command('test <tenant> <stream>')
    .description("check the target's reachability and credentials without shipping a record")
    .action(async (tenantId: string, stream: string) => {
      const result = await withStreams((deps) => testStream(deps, { tenantId, stream, actor: cliActor() }));
      if (!result.ok) throw new RosterError('unavailable', `SIEM stream ${stream}: ${result.error}`, { expose: true });
      print(`SIEM stream ${stream}: target reachable, credentials accepted`);
    });
  registerStateCommands(siem);
}
