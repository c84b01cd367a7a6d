import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEventDoc, OutboxDoc } from '../../../src/audit/index.js';
import { createCredential, hashSecret, revokeCredential, verifyCredential } from '../../../src/credentials/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { rejectionCodeOf as codeOf } from '../../helpers/errors.js';
import { tempDirectory } from '../../helpers/store.js';

const actor = { type: 'cli' as const, id: 'test' };

describe('credentials (SCIM tokens and API keys)', () => {
  let clock = new Date('2026-01-01T00:00:00Z');
  let deps: Awaited<ReturnType<typeof tempDirectory>>;

  beforeEach(async () => {
    clock = new Date('2026-01-01T00:00:00Z');
    deps = await tempDirectory(() => clock);
    await createTenant(deps, { id: 'acme', actor });
    await createTenant(deps, { id: 'globex', actor });
  });
  afterEach(() => deps.close());

  it('accepts the secret it issued and stores only the hash', async () => {
    const { credential, secret } = await createCredential(deps, { tenantId: 'acme', kind: 'scim', actor });
    const stored = await deps.store.collection('scimTokens').findOne({ _id: credential._id });
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored!.secretHash).toBe(hashSecret(secret));
    const found = await verifyCredential(deps, { kind: 'scim', secret, tenantId: 'acme' });
    expect(found._id).toBe(credential._id);
  });

  it('rejects a token of another tenant, a wrong token and a key presented as a token', async () => {
    const { secret } = await createCredential(deps, { tenantId: 'acme', kind: 'scim', actor });
    const key = await createCredential(deps, { tenantId: 'acme', kind: 'admin', actor });
    expect(await codeOf(verifyCredential(deps, { kind: 'scim', secret, tenantId: 'globex' }))).toBe('secret_invalid');
    expect(await codeOf(verifyCredential(deps, { kind: 'scim', secret: `${secret}x`, tenantId: 'acme' }))).toBe(
      'secret_invalid',
    );
    expect(await codeOf(verifyCredential(deps, { kind: 'scim', secret: key.secret, tenantId: 'acme' }))).toBe(
      'secret_invalid',
    );
  });

  it('rejects a revoked token and an expired one', async () => {
    const revoked = await createCredential(deps, { tenantId: 'acme', kind: 'scim', actor });
    await revokeCredential(deps, { tenantId: 'acme', kind: 'scim', id: revoked.credential._id, actor });
    expect(await codeOf(verifyCredential(deps, { kind: 'scim', secret: revoked.secret, tenantId: 'acme' }))).toBe(
      'secret_revoked',
    );
    const expiring = await createCredential(deps, {
      tenantId: 'acme',
      kind: 'admin',
      actor,
      expiresAt: '2026-01-02T00:00:00Z',
    });
    expect((await verifyCredential(deps, { kind: 'admin', secret: expiring.secret })).kind).toBe('admin');
    clock = new Date('2026-01-02T00:00:01Z');
    expect(await codeOf(verifyCredential(deps, { kind: 'admin', secret: expiring.secret }))).toBe('secret_expired');
  });

  it('records when a token was last used, at most once a minute', async () => {
    const { credential, secret } = await createCredential(deps, { tenantId: 'acme', kind: 'scim', actor });
    await verifyCredential(deps, { kind: 'scim', secret, tenantId: 'acme' });
    const first = (await deps.store.collection('scimTokens').findOne({ _id: credential._id }))!.lastUsedAt;
    expect(first).toBe('2026-01-01T00:00:00.000Z');
    clock = new Date('2026-01-01T00:00:30Z');
    await verifyCredential(deps, { kind: 'scim', secret, tenantId: 'acme' });
    expect((await deps.store.collection('scimTokens').findOne({ _id: credential._id }))!.lastUsedAt).toBe(first);
    clock = new Date('2026-01-01T00:02:00Z');
    await verifyCredential(deps, { kind: 'scim', secret, tenantId: 'acme' });
    expect((await deps.store.collection('scimTokens').findOne({ _id: credential._id }))!.lastUsedAt).toBe(
      '2026-01-01T00:02:00.000Z',
    );
  });

  it('writes scim_token.created and .revoked to the outbox and the audit log, without the secret', async () => {
    const { credential, secret } = await createCredential(deps, {
      tenantId: 'acme',
      kind: 'scim',
      actor,
      name: 'okta',
    });
    await revokeCredential(deps, { tenantId: 'acme', kind: 'scim', id: credential._id, actor });
    const events = await deps.store.collection<OutboxDoc>('outbox').find({ tenantId: 'acme' }, { sort: { seq: 1 } });
    expect(events.map((e) => e.type).filter((t) => t.startsWith('scim_token.'))).toEqual([
      'scim_token.created',
      'scim_token.revoked',
    ]);
    const audit = await deps.store
      .collection<AuditEventDoc>('auditEvents')
      .find({ tenantId: 'acme', action: { $in: ['scim_token.created', 'scim_token.revoked'] } });
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.outcome === 'success' && a.actor.type === 'cli')).toBe(true);
    const everything = JSON.stringify([events, audit]);
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(hashSecret(secret));
  });
});
