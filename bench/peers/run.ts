import os from 'node:os';
import { polisMemory, polisPostgres, roster, type System } from './systems.js';
import { CONNECTIONS, runWorkload, type Figures } from './workload.js';

// bench/peers: Roster against Ory Polis (@boxyhq/saml-jackson Directory Sync), same HTTP client,
// same request bodies, 8 keep-alive clients, interleaved rounds; ratios are taken within a round.
// Run: npm run bench:peers (from the repository root). Env: PEERS_ROUNDS (3), PEERS_SIZES
// (2000,10000), PEERS_PG_URL (postgres://postgres@127.0.0.1:5432/test; PEERS_PG=0 skips PostgreSQL),
// PEERS_POLIS=0 skips Polis in memory (Roster alone: an A/B of two Roster commits).

const ROUNDS = Number(process.env.PEERS_ROUNDS ?? 3);
const SIZES = (process.env.PEERS_SIZES ?? '2000,10000').split(',').map(Number);
const SYSTEMS: System[] = [
  roster,
  ...(process.env.PEERS_POLIS === '0' ? [] : [polisMemory]),
  ...(process.env.PEERS_PG === '0' ? [] : [polisPostgres()]),
];

type Results = Map<string, Figures[]>; // `${system}@${size}` -> one Figures per round
const key = (system: System, size: number) => `${system.name}@${size}`;
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function measure(system: System, size: number): Promise<Figures> {
  const running = await system.start();
  try {
    return await runWorkload(running.tenants, size, running.members, running.cpuMs);
  } finally {
    await running.stop();
  }
}

function line(system: string, size: number, f: Figures): string {
  return (
    `  ${system.padEnd(20)} ${fmt(size).padStart(6)} users: ${fmt(f.createsPerSecond).padStart(5)} creates/s, ` +
    `eq p50 ${fmt(f.eqP50, 2)} / p99 ${fmt(f.eqP99, 2)} ms, ` +
    `20×100 PATCH ${fmt(f.patchSeconds, 2)} s, ${fmt(f.pageMs, 2)} ms/page; server CPU ms per create ` +
    `${fmt(f.cpu.create, 2)}, per eq ${fmt(f.cpu.lookup, 2)}, per PATCH ${fmt(f.cpu.patch, 1)}`
  );
}

interface Ratios {
  creates: number[];
  eqP99: number[];
  patch: number[];
  /** Peer's CPU per unit / Roster's: above 1, Roster spends less CPU on the same work. */
  cpu: { create: number; lookup: number; patch: number };
}

function roundRatios(results: Results, round: number, size: number, peer: System): Ratios {
  const r = results.get(key(roster, size))![round];
  const p = results.get(key(peer, size))![round];
  return {
    creates: [r.createsPerSecond / p.createsPerSecond],
    eqP99: [r.eqP99 / p.eqP99],
    patch: [p.patchSeconds / r.patchSeconds],
    cpu: { create: p.cpu.create / r.cpu.create, lookup: p.cpu.lookup / r.cpu.lookup, patch: p.cpu.patch / r.cpu.patch },
  };
}

function summary(results: Results): void {
  console.log(`\nmedians over ${ROUNDS} rounds (ratios taken within each round):`);
  const pageGrowth = (s: System) => {
    const [small, large] = [SIZES[0], SIZES[SIZES.length - 1]];
    const a = results.get(key(s, small))!;
    const b = results.get(key(s, large))!;
    return median(a.map((f, i) => b[i].pageMs / f.pageMs));
  };
  for (const size of SIZES) {
    for (const s of SYSTEMS) {
      const fs = results.get(key(s, size))!;
      const m = (pick: (f: Figures) => number) => median(fs.map(pick));
      console.log(
        line(s.name, size, {
          createsPerSecond: m((f) => f.createsPerSecond),
          eqP50: m((f) => f.eqP50),
          eqP99: m((f) => f.eqP99),
          patchSeconds: m((f) => f.patchSeconds),
          pageMs: m((f) => f.pageMs),
          cpu: { create: m((f) => f.cpu.create), lookup: m((f) => f.cpu.lookup), patch: m((f) => f.cpu.patch) },
        }),
      );
    }
  }
  for (const peer of SYSTEMS.slice(1)) {
    for (const size of SIZES) {
      const rs = Array.from({ length: ROUNDS }, (_, i) => roundRatios(results, i, size, peer));
      const c = rs.map((r) => r.creates[0]);
      const e = rs.map((r) => r.eqP99[0]);
      const p = rs.map((r) => r.patch[0]);
      console.log(
        `  Roster vs ${peer.name} at ${fmt(size)}: ` +
          `creates ${c.map((x) => fmt(x, 2)).join(' / ')} (median ${fmt(median(c), 2)}×), ` +
          `eq p99 ${e.map((x) => fmt(x, 2)).join(' / ')} (median ${fmt(median(e), 2)}× of peer's), ` +
          `PATCHes ${p.map((x) => fmt(x, 2)).join(' / ')} (median ${fmt(median(p), 2)}× faster)`,
      );
      const cpu = (pick: (r: Ratios) => number) => fmt(median(rs.map(pick)), 2);
      console.log(
        `    server CPU per unit, ${peer.name}'s ÷ Roster's (median): create ${cpu((r) => r.cpu.create)}, ` +
          `eq ${cpu((r) => r.cpu.lookup)}, PATCH ${cpu((r) => r.cpu.patch)}`,
      );
    }
  }
  for (const s of SYSTEMS)
    console.log(
      `  ${s.name}: list page cost at ${fmt(SIZES[SIZES.length - 1])} = ` +
        `${fmt(pageGrowth(s), 2)}× its cost at ${fmt(SIZES[0])}`,
    );
}

async function main(): Promise<void> {
  console.log(
    `bench/peers: ${SYSTEMS.map((s) => s.name).join(', ')}; ${SIZES.map((n) => fmt(n)).join(' and ')} users; ` +
      `${CONNECTIONS} keep-alive clients; ${ROUNDS} rounds; ${os.cpus().length}× ${os.cpus()[0]?.model}; ` +
      `Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`,
  );
  const results: Results = new Map();
  for (let round = 0; round < ROUNDS; round++) {
    console.log(`round ${round + 1}`);
    for (const size of SIZES) {
      // Rotate who goes first, so warm-up and machine noise fall on each system in turn.
      const order = SYSTEMS.map((_, i) => SYSTEMS[(i + round) % SYSTEMS.length]);
      for (const system of order) {
        const figures = await measure(system, size);
        results.set(key(system, size), [...(results.get(key(system, size)) ?? []), figures]);
        console.log(line(system.name, size, figures));
      }
    }
  }
  summary(results);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
