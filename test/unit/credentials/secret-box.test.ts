import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox, GENERATED_KEY_FILE, loadKeyRing, parseKeyRing } from '../../../src/credentials/index.js';

const key = (kid: string) => ({ kid, key: randomBytes(32) });

describe('secret box (AES-256-GCM with key ids)', () => {
  it('opens what it sealed, and the envelope holds no plaintext', () => {
    const box = createSecretBox([key('k1')]);
    const sealed = box.seal({ token: 'hec-secret-123' }, 'connector:acme:c1');
    expect(JSON.stringify(sealed)).not.toContain('hec-secret-123');
    expect(box.open(sealed, 'connector:acme:c1')).toEqual({ token: 'hec-secret-123' });
  });

  it('refuses to open a value moved to another record (the AAD binds it)', () => {
    const box = createSecretBox([key('k1')]);
    const sealed = box.seal('s3cret', 'connector:acme:c1');
    expect(() => box.open(sealed, 'connector:other:c1')).toThrow(/could not be decrypted/);
  });

  it('refuses a tampered ciphertext', () => {
    const box = createSecretBox([key('k1')]);
    const sealed = box.seal('s3cret', 'aad');
    const data = Buffer.from(sealed.data, 'base64');
    data[0] ^= 1;
    expect(() => box.open({ ...sealed, data: data.toString('base64') }, 'aad')).toThrow(/could not be decrypted/);
  });

  it('rotates: the newest key seals, older keys still open, stale envelopes are flagged', () => {
    const old = key('k1');
    const sealedBefore = createSecretBox([old]).seal('v', 'aad');
    const rotated = createSecretBox([key('k2'), old]);
    expect(rotated.open(sealedBefore, 'aad')).toBe('v');
    expect(rotated.isStale(sealedBefore)).toBe(true);
    expect(rotated.seal('v', 'aad').kid).toBe('k2');
    expect(() => createSecretBox([key('k3')]).open(sealedBefore, 'aad')).toThrow(/no secret key with id "k1"/);
  });

  it('parses kid:base64 rings and names the bad entry', () => {
    const b64 = randomBytes(32).toString('base64');
    expect(parseKeyRing(`new:${b64}, old:${b64}`, 'X').map((k) => k.kid)).toEqual(['new', 'old']);
    expect(() => parseKeyRing(`a:${b64},b:short`, 'ROSTER_SECRET_KEY')).toThrow(/ROSTER_SECRET_KEY: entry 2/);
  });

  it('generates one private key file on the embedded default and reuses it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'roster-keys-'));
    try {
      const [first, again] = await Promise.all([loadKeyRing({ dataDir: dir }), loadKeyRing({ dataDir: dir })]);
      expect(first[0].key.equals(again[0].key)).toBe(true);
      expect((await stat(path.join(dir, GENERATED_KEY_FILE))).mode & 0o777).toBe(0o600);
      expect((await readFile(path.join(dir, GENERATED_KEY_FILE), 'utf8')).trim()).toMatch(/^k1:/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('asks for a key when there is neither a key, a key file nor a data folder', async () => {
    await expect(loadKeyRing({})).rejects.toThrow(/set ROSTER_SECRET_KEY/);
  });
});
