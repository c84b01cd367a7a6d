import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RosterError } from '../errors/index.js';
import type { SecretKey } from './secret-box.js';

// Where the key ring comes from, in order: ROSTER_SECRET_KEY (inline), ROSTER_SECRET_KEY_FILE,
// or, on the embedded single-node default only, `<dataDir>/secret.key` made on first start.
// Both forms hold one key per entry, `kid:base64-of-32-bytes`, newest first; entries are
// separated by commas (inline) or lines (file). Older entries stay to open what they sealed.

export const GENERATED_KEY_FILE = 'secret.key';

export interface SecretKeySource {
  inline?: string;
  file?: string;
  /** Embedded engine only: where a generated key file may live. */
  dataDir?: string;
}

export function parseKeyRing(text: string, where: string): SecretKey[] {
  const entries = text
    .split(/[\n,]/)
    .map((e) => e.trim())
    .filter((e) => e && !e.startsWith('#'));
  return entries.map((entry, i) => {
    const [kid, b64] = entry.includes(':') ? entry.split(':', 2) : [`k${entries.length - i}`, entry];
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!/^[A-Za-z0-9_.-]{1,32}$/.test(kid) || key.length !== 32) {
      throw new RosterError(
        'config_invalid',
        `${where}: entry ${i + 1} must be kid:base64 of 32 random bytes (openssl rand -base64 32)`,
      );
    }
    return { kid, key };
  });
}

async function generatedRing(dataDir: string): Promise<SecretKey[]> {
  const file = path.join(dataDir, GENERATED_KEY_FILE);
  try {
    return parseKeyRing(await readFile(file, 'utf8'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataDir, { recursive: true });
  // Written whole to a private temp file, then linked into place: link() fails if the name
  // exists, so two processes starting at once agree on the first key and never read half a file.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temp, `k1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  try {
    await link(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await unlink(temp);
  }
  return parseKeyRing(await readFile(file, 'utf8'), file);
}

export async function loadKeyRing(source: SecretKeySource): Promise<SecretKey[]> {
  if (source.inline) return parseKeyRing(source.inline, 'ROSTER_SECRET_KEY');
  if (source.file) return parseKeyRing(await readFile(source.file, 'utf8'), 'ROSTER_SECRET_KEY_FILE');
  if (source.dataDir) return generatedRing(source.dataDir);
  throw new RosterError(
    'config_invalid',
    'set ROSTER_SECRET_KEY or ROSTER_SECRET_KEY_FILE: connector and SIEM credentials are encrypted with it',
  );
}
