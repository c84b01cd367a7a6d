// Audit records as the delivery loop would hand them to a shipper.
import type { ShippableAudit } from '../../../workers/siem/siem-record.js';

let counter = 0;

export function auditRecord(overrides: Partial<ShippableAudit> = {}): ShippableAudit {
  counter += 1;
  return {
    _id: `aud_${String(counter).padStart(4, '0')}`,
    tenantId: 'acme',
    time: '2026-03-01T12:00:00.123Z',
    action: 'user.created',
    actor: { type: 'scim_token', id: 'tok_1' },
    actorId: 'tok_1',
    target: { type: 'user', id: 'usr_1' },
    outcome: 'success',
    sourceIp: '203.0.113.7',
    requestId: 'req_1',
    expiresAt: new Date('2026-05-30T12:00:00.123Z'),
    seq: counter,
    ...overrides,
  };
}

export function auditBatch(size: number, overrides: Partial<ShippableAudit> = {}): ShippableAudit[] {
  return Array.from({ length: size }, () => auditRecord(overrides));
}
