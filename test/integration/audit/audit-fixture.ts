import { type AuditInput, createRecorder } from '../../../src/audit/index.js';
import { createCredential } from '../../../src/credentials/index.js';
import { type AuthzFixture, authzFixture, testClock } from '../authz/authz-fixture.js';

// The authz fixture (real app, real HTTP, its own store and Redis prefix) plus a recorder on a
// movable clock, so tests write audit records at chosen times through the real recorder.

export interface AuditFixture extends AuthzFixture {
  clock: ReturnType<typeof testClock>;
  /** Records one audit entry per input at the clock's time, each in its own transaction. */
  audit(...entries: Partial<AuditInput>[]): Promise<void>;
  /** An admin key holding only these permissions. */
  keyWith(...permissions: string[]): Promise<string>;
  get(path: string, key?: string): ReturnType<AuthzFixture['call']>;
}

export async function auditFixture(start = '2026-03-01T12:00:00.000Z'): Promise<AuditFixture> {
  const base = await authzFixture();
  const clock = testClock(start);
  const recorder = createRecorder({ auditRetentionDays: 90, now: clock.now });
  const { store } = base.server;
  return Object.assign(base, {
    clock,
    async audit(...entries: Partial<AuditInput>[]) {
      for (const entry of entries) {
        const full: AuditInput = {
          action: 'user.updated',
          actor: { type: 'user', id: 'usr_admin' },
          outcome: 'success',
          ...entry,
        };
        await store.withTransaction((tx) => recorder.record(tx, base.tenantId, { audit: [full] }));
      }
    },
    async keyWith(...permissions: string[]) {
      const { secret } = await createCredential(base.server.directory, {
        tenantId: base.tenantId,
        kind: 'admin',
        name: `only ${permissions.join(' ')}`,
        actor: { type: 'system', id: 'audit-test' },
        extra: { permissions },
      });
      return secret;
    },
    get: (path: string, key?: string) => base.call('GET', path, undefined, key),
  });
}
