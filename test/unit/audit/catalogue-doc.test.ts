import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../../../src/audit/index.js';
import { REPO_ROOT } from '../../helpers/cli.js';

const run = promisify(execFile);

describe('docs/audit-events.md is the catalogue, generated', () => {
  it('matches what `npm run docs:audit` prints (run it after changing src/audit/catalogue.ts)', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/audit-events-doc.ts'], {
      cwd: REPO_ROOT,
    });
    const published = await readFile(path.join(REPO_ROOT, 'docs/audit-events.md'), 'utf8');
    expect(published).toBe(stdout);
  });

  it('lists every catalogue name once', async () => {
    const published = await readFile(path.join(REPO_ROOT, 'docs/audit-events.md'), 'utf8');
    for (const name of EVENT_NAMES) expect(published.split(`| \`${name}\` |`).length - 1, name).toBe(1);
  });
});
