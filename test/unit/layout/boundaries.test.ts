import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The layout rules of docs/architecture.md, checked on the source text so they cannot erode:
// edges reach data only through domain services, modules meet only at each other's index.ts,
// and domain code knows nothing of HTTP or queues.

const ROOT = path.resolve(import.meta.dirname, '../../..');
const EDGES = ['scim', 'saml', 'authz', 'session', 'ops', 'cli'];
const NOT_DOMAIN = new Set([...EDGES, 'store', 'queue', 'redis', 'logging', 'errors', 'rbac']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

const sources = filesUnder(path.join(ROOT, 'src')).map((file) => ({
  rel: path.relative(ROOT, file),
  text: readFileSync(file, 'utf8'),
}));
const moduleOf = (rel: string) => rel.split('/')[1].replace(/\.ts$/, '');
const importsOf = (text: string) => [...text.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);

describe('layout boundaries', () => {
  it('edges (and top-level wiring) never call .collection(): they go through domain services', () => {
    const offenders = sources
      .filter((s) => EDGES.includes(moduleOf(s.rel)) || !s.rel.slice(4).includes('/'))
      .filter((s) => /\.collection\s*[<(]/.test(s.text))
      .map((s) => s.rel);
    expect(offenders).toEqual([]);
  });

  it("a module imports another module only through that module's index.ts", () => {
    const offenders: string[] = [];
    for (const s of sources) {
      for (const spec of importsOf(s.text).filter((i) => i.startsWith('.'))) {
        const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(s.rel), spec));
        if (!target.startsWith('src/') || target.split('/').length < 3) continue;
        if (moduleOf(target) === moduleOf(s.rel) || target.endsWith('/index.js')) continue;
        offenders.push(`${s.rel} -> ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('domain modules import neither express, passport nor bullmq', () => {
    const offenders = sources
      .filter((s) => s.rel.slice(4).includes('/') && !NOT_DOMAIN.has(moduleOf(s.rel)))
      .filter((s) => importsOf(s.text).some((i) => /^(express|passport|@node-saml|bullmq)(\/|$)/.test(i)))
      .map((s) => s.rel);
    expect(offenders).toEqual([]);
  });

  it("src/ reaches workers/ only through a workers module's index.ts, from the CLI or the composition root", () => {
    const offenders = sources.flatMap((s) =>
      importsOf(s.text)
        .filter((i) => i.includes('/workers/'))
        .filter((i) => !i.endsWith('/index.js') || !(moduleOf(s.rel) === 'cli' || s.rel === 'src/runtime.ts'))
        .map((i) => `${s.rel} -> ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});
