// A runtime, tenants, streams and the real delivery loop (workers/siem/delivery) for the SIEM
// delivery tests, with short waits so retries and suspensions happen within a test.
import type { AuditInput } from '../../../src/audit/index.js';
import {
  addStream,
  type AddStreamInput,
  type SiemStreamDeps,
  type SiemStreamDoc,
} from '../../../src/siem-streams/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { createSiemDelivery, type DeliveryOptions, type SiemDelivery } from '../../../workers/siem/index.js';
import { createIsolatedRuntime, type IsolatedRuntime } from '../isolated-runtime.js';

export const ADMIN = { type: 'cli', id: 'siem-test' } as const;

export interface DeliveryFixture {
  runtime: IsolatedRuntime;
  deps: SiemStreamDeps;
  delivery: SiemDelivery;
  tenant(id: string): Promise<string>;
  stream(tenantId: string, input: AddStreamInput): Promise<SiemStreamDoc>;
  /** Commits `count` audit records for the tenant, `perTransaction` at a time; returns their seqs' order. */
  writeAudit(tenantId: string, count: number, perTransaction?: number, entry?: Partial<AuditInput>): Promise<void>;
  close(): Promise<void>;
}

export const FAST_DELIVERY: Partial<DeliveryOptions> = {
  scanMs: 30,
  pollMs: 20,
  backoff: { baseMs: 20, maxMs: 200 },
  leaseTtlMs: 5000,
};

export async function startDeliveryFixture(options: Partial<DeliveryOptions> = {}): Promise<DeliveryFixture> {
  const runtime = await createIsolatedRuntime('siem-delivery');
  const deps: SiemStreamDeps = { ...runtime.domain, kinds: runtime.siemKinds, secretBox: runtime.secretBox };
  const delivery = createSiemDelivery(runtime, { ...FAST_DELIVERY, ...options });
  delivery.start();
  return {
    runtime,
    deps,
    delivery,
    async tenant(id) {
      await createTenant(runtime.domain, { id, actor: ADMIN });
      return id;
    },
    stream: (tenantId, input) => addStream(deps, { tenantId, actor: ADMIN, ...input }),
    async writeAudit(tenantId, count, perTransaction = 100, entry = {}) {
      for (let done = 0; done < count; done += perTransaction) {
        const audit = Array.from({ length: Math.min(perTransaction, count - done) }, (_, i) => ({
          action: 'user.created' as const,
          actor: { type: 'scim_token' as const, id: 'tok_test' },
          target: { type: 'user', id: `usr_${done + i}` },
          outcome: 'success' as const,
          ...entry,
        }));
        await runtime.store.withTransaction((tx) => runtime.recorder.record(tx, tenantId, { audit }));
      }
    },
    async close() {
      await delivery.stop();
      await runtime.close();
    },
  };
}
