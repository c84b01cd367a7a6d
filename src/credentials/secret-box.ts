import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { RosterError } from '../errors/index.js';

// Secrets Roster must be able to read back (connector credentials, SIEM tokens) are sealed with
// AES-256-GCM (NIST SP 800-38D): a fresh 96-bit IV per seal, the 128-bit tag checked on open.
// The record's identity is bound in as additional authenticated data, so a sealed value copied
// onto another record does not open. Each envelope names its key id, so keys can rotate: the
// first key of the ring seals, every key of the ring opens.

export interface SecretKey {
  kid: string;
  key: Buffer;
}

export interface SealedSecret {
  v: 1;
  kid: string;
  iv: string;
  tag: string;
  data: string;
}

export interface SecretBox {
  /** The key id new seals use. */
  readonly currentKid: string;
  seal(value: unknown, aad: string): SealedSecret;
  open<T = unknown>(sealed: SealedSecret, aad: string): T;
  /** True when the envelope was sealed with an older key and should be sealed again. */
  isStale(sealed: SealedSecret): boolean;
}

export function createSecretBox(ring: readonly SecretKey[]): SecretBox {
  if (ring.length === 0) throw new RosterError('internal', 'the secret key ring is empty', { expose: false });
  const byKid = new Map(ring.map((k) => [k.kid, k.key]));
  const current = ring[0];
  return {
    currentKid: current.kid,
    seal(value, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return {
        v: 1,
        kid: current.kid,
        iv: iv.toString('base64'),
        tag: tag.toString('base64'),
        data: data.toString('base64'),
      };
    },
    open<T>(sealed: SealedSecret, aad: string): T {
      const key = byKid.get(sealed.kid);
      if (!key) throw new RosterError('secret_key_unknown', `no secret key with id "${sealed.kid}" is configured`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
        const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
        return JSON.parse(plain.toString('utf8')) as T;
      } catch (cause) {
        throw new RosterError('secret_unreadable', 'a stored secret could not be decrypted', { cause, expose: false });
      }
    },
    isStale: (sealed) => sealed.kid !== current.kid,
  };
}
