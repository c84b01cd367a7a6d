// Seeds audit records through the recorder (src/audit/recorder.ts), many per transaction, so each
// carries its proper per-tenant `seq` and the shape the product writes. A representative user
// change: actor, target, source address, request id and a few details.
import type { AuditInput } from '../../src/audit/index.js';
import type { IsolatedRuntime } from '../../test/helpers/isolated-runtime.js';

function entry(i: number): AuditInput {
  return {
    action: 'user.updated',
    actor: { type: 'scim_token', id: 'tok_okta_provisioning' },
    target: { type: 'user', id: `usr_${i.toString(36).padStart(8, '0')}` },
    outcome: 'success',
    sourceIp: '203.0.113.17',
    requestId: `req_${i}`,
    details: { userName: `user${i}@example.com`, changed: ['name.givenName', 'active'], displayName: 'Zoë Müller' },
  };
}

/** Commits `count` records in transactions of `perTransaction`; returns records per second. */
export async function seedAudit(
  runtime: IsolatedRuntime,
  tenantId: string,
  count: number,
  perTransaction = 5000,
): Promise<number> {
  const started = performance.now();
  for (let done = 0; done < count; done += perTransaction) {
    const audit = Array.from({ length: Math.min(perTransaction, count - done) }, (_, i) => entry(done + i));
    await runtime.store.withTransaction((tx) => runtime.recorder.record(tx, tenantId, { audit }));
  }
  return count / ((performance.now() - started) / 1000);
}

/** Commits `perSecond` records a second, in 20 transactions a second, for `seconds`. */
export async function commitSteadily(
  runtime: IsolatedRuntime,
  tenantId: string,
  perSecond: number,
  seconds: number,
): Promise<number> {
  const ticks = seconds * 20;
  const per = Math.max(1, Math.round(perSecond / 20));
  const started = performance.now();
  for (let t = 0; t < ticks; t++) {
    const audit = Array.from({ length: per }, (_, i) => entry(t * per + i));
    await runtime.store.withTransaction((tx) => runtime.recorder.record(tx, tenantId, { audit }));
    const wait = started + (t + 1) * 50 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return ticks * per;
}
