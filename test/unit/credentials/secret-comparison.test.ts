import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCredential, digestsEqual, hashSecret, verifyCredential } from '../../../src/credentials/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { tempDirectory } from '../../helpers/store.js';

// README, Running it: secrets are "compared in constant time". That is a property of what is
// compared (fixed-length digests, never the presented string) and of the primitive
// (crypto.timingSafeEqual); no test here measures time.

const actor = { type: 'cli' as const, id: 'test' };

describe('digestsEqual', () => {
  const digest = hashSecret('rst_scim_example');

  it('is true for the same SHA-256 digest and false when one hex digit differs', () => {
    expect(digestsEqual(digest, hashSecret('rst_scim_example'))).toBe(true);
    const last = digest.at(-1) === '0' ? '1' : '0';
    expect(digestsEqual(digest, `${digest.slice(0, -1)}${last}`)).toBe(false);
    expect(digestsEqual(digest, hashSecret('rst_scim_other'))).toBe(false);
  });

  it('refuses digests of different lengths, empty ones and non-hex text without throwing', () => {
    // crypto.timingSafeEqual itself throws on buffers of different lengths.
    expect(() => crypto.timingSafeEqual(Buffer.alloc(32), Buffer.alloc(31))).toThrow(RangeError);
    expect(digestsEqual(digest, digest.slice(0, 62))).toBe(false);
    expect(digestsEqual(digest.slice(0, 62), digest)).toBe(false);
    expect(digestsEqual(`${digest}00`, digest)).toBe(false);
    expect(digestsEqual('', '')).toBe(false);
    expect(digestsEqual('not hex', 'not hex')).toBe(false);
  });
});

describe('verifyCredential compares digests with crypto.timingSafeEqual', () => {
  let deps: Awaited<ReturnType<typeof tempDirectory>>;
  let compare: ReturnType<typeof vi.spyOn>;

  beforeEach(async () => {
    deps = await tempDirectory(() => new Date('2026-01-01T00:00:00Z'));
    await createTenant(deps, { id: 'acme', actor });
    // Watch the real primitive (it still runs): syncBuiltinESMExports makes the named import
    // in src/credentials/secrets.ts see the spy.
    compare = vi.spyOn(crypto, 'timingSafeEqual');
    syncBuiltinESMExports();
  });
  afterEach(async () => {
    compare.mockRestore();
    syncBuiltinESMExports();
    await deps.close();
  });

  it('hands timingSafeEqual the two 32-byte SHA-256 digests, never the presented secret', async () => {
    const { secret, credential } = await createCredential(deps, { tenantId: 'acme', kind: 'scim', actor });
    compare.mockClear();
    expect((await verifyCredential(deps, { kind: 'scim', secret, tenantId: 'acme' }))._id).toBe(credential._id);
    expect(compare).toHaveBeenCalledTimes(1);
    const [left, right] = compare.mock.calls[0] as [Buffer, Buffer];
    const digest = Buffer.from(hashSecret(secret), 'hex');
    expect(left).toHaveLength(32);
    expect(right).toHaveLength(32);
    expect(left.equals(digest) && right.equals(digest)).toBe(true);
    expect(left.toString('latin1')).not.toContain(secret);
    expect(compare.mock.results[0]).toEqual({ type: 'return', value: true });
  });

  it('refuses a wrong secret of the right shape', async () => {
    const { secret } = await createCredential(deps, { tenantId: 'acme', kind: 'scim', actor });
    const wrong = `${secret.slice(0, -1)}${secret.at(-1) === 'A' ? 'B' : 'A'}`;
    await expect(verifyCredential(deps, { kind: 'scim', secret: wrong, tenantId: 'acme' })).rejects.toMatchObject({
      code: 'secret_invalid',
    });
  });
});
