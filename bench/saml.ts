import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { inflateRawSync } from 'node:zlib';
import { certBody, createTestIdp, type TestIdp } from '../test/helpers/saml-idp.js';

// bench/saml: signed responses from a real IdP library (samlify, the test
// IdP of test/helpers/saml-idp.ts), each answering an AuthnRequest Roster issued, POSTed to the
// ACS by 8 keep-alive clients; beside a bare Express endpoint reading the same form, same run.
// Run: node --import tsx bench/saml.ts
// Env: BENCH_LOGINS (3000), BENCH_USERS (300), BENCH_CONNECTIONS (8), BENCH_WARMUP (200).

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const LOGINS = env('BENCH_LOGINS', 3000);
const USERS = env('BENCH_USERS', 300);
const CONNECTIONS = env('BENCH_CONNECTIONS', 8);
const WARMUP = env('BENCH_WARMUP', 200);

interface Ready {
  url: string;
  bareUrl: string;
}

interface Form {
  body: string;
}

function waitFor<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      resolve(m as T);
    };
    child.on('message', onMessage);
  });
}

function send(agent: Agent, url: URL, method: string, body?: string): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> =
      body === undefined
        ? {}
        : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) };
    const req = request(
      { agent, host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method, headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One AuthnRequest from Roster per login, answered by a samlify-signed response (not timed). */
async function prepare(idp: TestIdp, ready: Ready, count: number, offset: number): Promise<Form[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const loginUrl = new URL(`${ready.url}/saml/bench/login`);
  const forms: Form[] = [];
  for (let i = 0; i < count; i++) {
    const { location } = await send(agent, loginUrl, 'GET');
    const target = new URL(location!);
    const requestId = /\sID="([^"]+)"/.exec(
      inflateRawSync(Buffer.from(target.searchParams.get('SAMLRequest')!, 'base64')).toString(),
    )![1];
    const user = (offset + i) % USERS;
    const SAMLResponse = await idp.issue({
      acsUrl: `${ready.url}/saml/bench/acs`,
      audience: `${ready.url}/saml/bench/metadata`,
      nameId: `user${user}@bench.example`,
      inResponseTo: requestId,
      attributes: {
        firstName: `Given${user}`,
        lastName: `Family${user}`,
        groups: user % 3 ? ['Everyone'] : ['Engineering', 'Everyone'],
      },
    });
    forms.push({
      body: new URLSearchParams({ SAMLResponse, RelayState: target.searchParams.get('RelayState')! }).toString(),
    });
  }
  agent.destroy();
  return forms;
}

interface Result {
  ok: number;
  failed: number;
  perSecond: number;
  p50: number;
  p99: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** CONNECTIONS clients, each posting its share of the forms back to back; 303 counts as a login. */
async function load(url: string, forms: Form[]): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const target = new URL(url);
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < forms.length) {
        const form = forms[next++];
        const t0 = performance.now();
        const { status } = await send(agent, target, 'POST', form.body);
        latencies.push(performance.now() - t0);
        if (status !== 303) failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    ok: forms.length - failed,
    failed,
    perSecond: (forms.length - failed) / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

const row = (name: string, r: Result) =>
  `${name.padEnd(34)} ${String(r.ok).padStart(6)} ${String(r.failed).padStart(6)} ` +
  `${r.perSecond.toFixed(0).padStart(9)}/s ${r.p50.toFixed(2).padStart(8)} ms ${r.p99.toFixed(2).padStart(8)} ms`;

async function main(): Promise<void> {
  const idp = createTestIdp({ entityId: 'https://idp.bench.example/saml', ssoUrl: 'https://idp.bench.example/sso' });
  const child = fork(new URL('./saml-server.ts', import.meta.url).pathname, {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const readyMessage = waitFor<Ready>(child, 'ready');
  child.send({ idpEntityId: idp.entityId, ssoUrl: idp.ssoUrl, signingCert: certBody('idp-signing') });
  const ready = await readyMessage;
  try {
    process.stdout.write(`preparing ${WARMUP + LOGINS} AuthnRequests and samlify-signed responses…\n`);
    const warm = await prepare(idp, ready, WARMUP, 0);
    const forms = await prepare(idp, ready, LOGINS, WARMUP);
    await load(`${ready.bareUrl}/acs`, warm);
    const bare = await load(`${ready.bareUrl}/acs`, forms);
    await load(`${ready.url}/saml/bench/acs`, warm);
    const reset = waitFor(child, 'steps-reset');
    child.send({ type: 'reset-steps' });
    await reset;
    const acs = await load(`${ready.url}/saml/bench/acs`, forms);
    const stoppedMessage = waitFor<{
      users: number;
      logins: number;
      steps: Record<string, { calls: number; meanMs: number }>;
    }>(child, 'stopped');
    child.send({ type: 'stop' });
    const stopped = await stoppedMessage;
    const body = Buffer.byteLength(forms[0].body);
    process.stdout.write(
      `\nbench/saml: ${CONNECTIONS} keep-alive clients, ${LOGINS} logins (${USERS} distinct users, 1-2 groups each), ` +
        `form ~${(body / 1024).toFixed(1)} KB, embedded store\n`,
    );
    process.stdout.write(
      `${'endpoint'.padEnd(34)} ${'ok'.padStart(6)} ${'failed'.padStart(6)} ` +
        `${'rate'.padStart(11)} ${'p50'.padStart(11)} ${'p99'.padStart(11)}\n`,
    );
    process.stdout.write(`${row('bare Express (same form, 303)', bare)}\n`);
    process.stdout.write(`${row('Roster ACS (verified logins)', acs)}\n`);
    process.stdout.write(
      `ratio ACS/bare: ${((acs.perSecond / bare.perSecond) * 100).toFixed(1)}% of the bare endpoint's rate; ` +
        `p99 ${(acs.p99 / bare.p99).toFixed(1)}x\n`,
    );
    process.stdout.write(`store after the run: ${stopped.users} users, ${stopped.logins} user.login audit records\n`);
    // The README's per-login figures: mean wall time of each ACS step over the measured logins
    // (src/saml/acs/pipeline.ts names the steps), under the same 8-client concurrency.
    const step = (name: string) => stopped.steps[name]?.meanMs ?? Number.NaN;
    const all = Object.values(stopped.steps).reduce((sum, s) => sum + s.meanMs, 0);
    process.stdout.write(
      `\nper login, mean over ${stopped.steps['verify-signature']?.calls ?? 0} logins (wall time of each ACS step):\n`,
    );
    process.stdout.write(
      `  signature check (verify-signature, node-saml/xml-crypto)   ${step('verify-signature').toFixed(2)} ms\n`,
    );
    process.stdout.write(`  just-in-time login transaction (log-in)                 ${step('log-in').toFixed(2)} ms\n`);
    process.stdout.write(`  every ACS step together                                 ${all.toFixed(2)} ms\n`);
    for (const [name, s] of Object.entries(stopped.steps))
      process.stdout.write(`    ${name.padEnd(28)} ${s.meanMs.toFixed(3).padStart(8)} ms\n`);
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

await main();
