import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefixes say what a secret is at a glance (and let secret scanners find leaked ones). */
export const SECRET_PREFIXES = {
  scim: 'rst_scim_',
  admin: 'rst_key_',
  scoped: 'rst_sk_',
  operator: 'rst_op_',
} as const;

export type SecretKind = keyof typeof SECRET_PREFIXES;

/** 32 random bytes (256 bits), base64url, behind the kind's prefix. */
export function generateSecret(kind: SecretKind): string {
  return SECRET_PREFIXES[kind] + randomBytes(32).toString('base64url');
}

/** Team invitation tokens (src/teams/invitations.ts): single-use, stored hashed like every secret. */
export const INVITATION_PREFIX = 'rst_inv_';

export function generateInvitationToken(): string {
  return INVITATION_PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256 is enough here: the secrets are high-entropy random, not passwords. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests of equal length. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** The kind a presented secret claims by its prefix, or undefined. */
export function secretKindOf(secret: string): SecretKind | undefined {
  return (Object.keys(SECRET_PREFIXES) as SecretKind[]).find((k) => secret.startsWith(SECRET_PREFIXES[k]));
}

/** What may be shown after creation: the prefix and four characters, enough to tell keys apart. */
export function secretHint(secret: string): string {
  return `${secret.slice(0, secret.indexOf('_', 4) + 1)}${secret.slice(-4)}`;
}
