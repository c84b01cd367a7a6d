import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config/index.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('falls back to the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.mongodbUri).toBeUndefined();
    expect(config.publicUrl).toBe('http://localhost:8080');
  });

  it('takes ROSTER_* overrides and freezes the result', () => {
    const config = loadConfig({
      ROSTER_PORT: '9001',
      ROSTER_DATA_DIR: '/tmp/x',
      ROSTER_PUBLIC_URL: 'https://id.example.com/',
    });
    expect(config.port).toBe(9001);
    expect(config.dataDir).toBe('/tmp/x');
    expect(config.publicUrl).toBe('https://id.example.com');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads ROSTER_TRUST_PROXY as off, one hop for true, a hop count, or a list of proxies', () => {
    const trust = (value: string) => loadConfig({ ROSTER_TRUST_PROXY: value }).trustProxy;
    expect([trust('false'), trust('0'), trust('true'), trust('2')]).toEqual([false, false, 1, 2]);
    expect(trust('10.0.0.0/8, loopback,2001:db8::1')).toEqual(['10.0.0.0/8', 'loopback', '2001:db8::1']);
    for (const bad of ['yes', '10.0.0.0/33', '2001:db8::/129', '300.1.1.1', 'loopback,example.com']) {
      expect(problemsOf({ ROSTER_TRUST_PROXY: bad })[0]).toContain(
        'ROSTER_TRUST_PROXY: expected false, true (one hop)',
      );
    }
  });

  it('reports a non-numeric ROSTER_PORT in one line naming the key, the problem and the expected form', () => {
    const problems = problemsOf({ ROSTER_PORT: 'abc' });
    expect(problems).toEqual(['config error: ROSTER_PORT: expected an integer from 1 to 65535, got "abc"']);
  });

  it("bounds the workers' heap growth by default, takes 0 for V8's own sizing, refuses other values", () => {
    expect(loadConfig({}).workerHeapGrowthPercent).toBe(100);
    expect(loadConfig({ ROSTER_WORKER_HEAP_GROWTH_PERCENT: '0' }).workerHeapGrowthPercent).toBe(0);
    for (const bad of ['-5', 'lots', '1000'])
      expect(problemsOf({ ROSTER_WORKER_HEAP_GROWTH_PERCENT: bad })[0]).toContain(
        'ROSTER_WORKER_HEAP_GROWTH_PERCENT: expected a percentage',
      );
  });

  it('reports every bad key at once, one line each', () => {
    const problems = problemsOf({ ROSTER_PORT: '70000', ROSTER_LOG_LEVEL: 'loud', ROSTER_AUDIT_RETENTION_DAYS: '-3' });
    expect(problems).toHaveLength(3);
    expect(problems.map((p) => p.split(':')[1].trim()).sort()).toEqual([
      'ROSTER_AUDIT_RETENTION_DAYS',
      'ROSTER_LOG_LEVEL',
      'ROSTER_PORT',
    ]);
  });

  it('never prints the value of a key that may hold credentials', () => {
    const problems = problemsOf({ MONGODB_URI: 'postgres://admin:hunter2@db', REDIS_URL: 'http://:s3cret@r' });
    expect(problems.join('\n')).not.toMatch(/hunter2|s3cret/);
    expect(problems.join('\n')).toMatch(
      /MONGODB_URI: expected a URL starting with mongodb:\/\/ or mongodb\+srv:\/\/, \(value hidden\)/,
    );
  });

  it('chooses the mongo engine only when MONGODB_URI is set', () => {
    expect(loadConfig({ MONGODB_URI: 'mongodb://localhost:27017/roster' }).mongodbUri).toBe(
      'mongodb://localhost:27017/roster',
    );
  });
});
