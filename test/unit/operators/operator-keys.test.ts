import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RosterError } from '../../../src/errors/index.js';
import {
  activeOperatorKey,
  createOperatorKey,
  listOperatorKeys,
  OPERATOR_ROLES,
  operatorRolesFrom,
  PLATFORM_TENANT,
  revokeOperatorKey,
  verifyOperatorKey,
} from '../../../src/operators/index.js';
import { assertSlug } from '../../../src/tenants/index.js';
import { rejectionCodeOf as codeOf } from '../../helpers/errors.js';
import { tempDirectory } from '../../helpers/store.js';

const actor = { type: 'cli' as const, id: 'test' };

describe('operator roles', () => {
  it('gives ops:write the read role too, and ops:read only itself', () => {
    expect(operatorRolesFrom('ops:read')).toEqual(['ops:read']);
    expect(operatorRolesFrom('ops:write')).toEqual(['ops:read', 'ops:write']);
    expect(OPERATOR_ROLES).toEqual(['ops:read', 'ops:write']);
  });

  it.each(['ops:admin', 'OPS:READ', '', 'ops:*', 'ops:read '])('refuses %j naming the flag and the choices', (role) => {
    let error: unknown;
    try {
      operatorRolesFrom(role);
    } catch (caught) {
      error = caught;
    }
    expect((error as RosterError).code).toBe('invalid_input');
    expect((error as RosterError).message).toBe(`--role must be ops:read or ops:write, not ${JSON.stringify(role)}`);
  });

  it('keeps operators under a tenant id no customer tenant can take', () => {
    expect(() => assertSlug(PLATFORM_TENANT)).toThrow(RosterError);
  });
});

describe('operator keys (embedded store)', () => {
  let clock = new Date('2027-01-01T00:00:00Z');
  let deps: Awaited<ReturnType<typeof tempDirectory>>;

  beforeEach(async () => {
    clock = new Date('2027-01-01T00:00:00Z');
    deps = await tempDirectory(() => clock);
  });
  afterEach(() => deps.close());

  it('verifies the secret it issued, with the roles of the key', async () => {
    const { credential, secret } = await createOperatorKey(deps, { role: 'ops:write', actor });
    const found = await verifyOperatorKey(deps, secret);
    expect(found._id).toBe(credential._id);
    expect(found.roles).toEqual(['ops:read', 'ops:write']);
    expect(found.name).toBe('operator key');
    expect((await listOperatorKeys(deps)).map((k) => k._id)).toEqual([credential._id]);
  });

  it('creates nothing for a bad role', async () => {
    // createOperatorKey throws this one synchronously (it is not an async function): wrap it.
    expect(await codeOf((async () => createOperatorKey(deps, { role: 'root', actor }))())).toBe('invalid_input');
    expect(await listOperatorKeys(deps)).toEqual([]);
  });

  it('refuses a secret it never issued', async () => {
    await createOperatorKey(deps, { role: 'ops:read', actor });
    expect(await codeOf(verifyOperatorKey(deps, 'not-a-key'))).toBe('secret_invalid');
  });

  it('ends a revoked key for verification and for sessions opened with it', async () => {
    const { credential, secret } = await createOperatorKey(deps, { role: 'ops:read', actor });
    expect((await activeOperatorKey(deps, credential._id))?._id).toBe(credential._id);
    await revokeOperatorKey(deps, credential._id, actor);
    expect(await codeOf(verifyOperatorKey(deps, secret))).toBe('secret_revoked');
    expect(await activeOperatorKey(deps, credential._id)).toBeNull();
  });

  it('ends an expired key at its expiry instant, not after', async () => {
    const { credential, secret } = await createOperatorKey(deps, {
      role: 'ops:read',
      expiresAt: '2027-01-02T00:00:00.000Z',
      actor,
    });
    clock = new Date('2027-01-01T23:59:59.999Z');
    expect(await activeOperatorKey(deps, credential._id)).not.toBeNull();
    clock = new Date('2027-01-02T00:00:00.000Z');
    expect(await activeOperatorKey(deps, credential._id)).toBeNull();
    expect(await codeOf(verifyOperatorKey(deps, secret))).toBe('secret_expired');
  });

  it('answers no active key for an unknown id', async () => {
    expect(await activeOperatorKey(deps, 'nope')).toBeNull();
  });
});
