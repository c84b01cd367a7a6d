import { describe, expect, it } from 'vitest';
import { RosterError } from '../../../src/errors/index.js';
import { refusalOf } from '../../helpers/errors.js';
import {
  kindDefinition,
  mergeConfig,
  validateCategories,
  validateConfig,
} from '../../../src/siem-streams/stream-config.js';
import {
  addStreamSchema,
  checked,
  DEFAULT_BATCH,
  replayFromText,
  replaySchema,
  resolveBatch,
  updateStreamSchema,
} from '../../../src/siem-streams/stream-input.js';
import { siemKindCatalogue } from '../../../workers/siem/index.js';

const catalogue = siemKindCatalogue();

describe('stream input', () => {
  const add = { name: 'Splunk prod', kind: 'splunk_hec', config: {} };

  it.each(['a', 'Splunk prod', 'siem_1.eu-west', 'A'.repeat(64)])('accepts the name %j', (name) => {
    expect(checked(addStreamSchema, { ...add, name }).name).toBe(name);
  });

  it.each(['', ' leading', '-dash', 'A'.repeat(65), 'a/b', 'naïve'])('refuses the name %j', (name) => {
    expect(refusalOf(() => checked(addStreamSchema, { ...add, name })).message).toBe(
      'name: expected 1-64 letters, digits, spaces, dots, dashes or underscores',
    );
  });

  it('reports every problem at once, by path, and refuses unknown fields', () => {
    const error = refusalOf(() =>
      checked(addStreamSchema, { name: '', config: [], batch: { maxEvents: 50_001, maxBytes: 1023 }, extra: 1 }),
    );
    expect(error.code).toBe('invalid_input');
    const problems = error.details.problems as string[];
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      ['Unrecognized key', 'batch.maxBytes', 'batch.maxEvents', 'config', 'kind', 'name'].sort(),
    );
    expect(problems).toContain('batch.maxEvents: expected at most 50000 records per batch');
    expect(problems).toContain('batch.maxBytes: expected at least 1024 bytes');
    expect(problems).toContain('config: expected config as a JSON object');
    expect(problems.find((p) => p.includes('"extra"'))).toBeDefined();
  });

  it.each([
    [{ maxEvents: 50_000, maxBytes: 100_000_000, maxWaitMs: 60_000 }, true],
    [{ maxEvents: 1, maxBytes: 1024, maxWaitMs: 0 }, true],
    [{ maxEvents: 0 }, false],
    [{ maxWaitMs: 60_001 }, false],
    [{ maxBytes: 100_000_001 }, false],
    [{ maxEvents: 1.5 }, false],
    [{ maxWaitMs: -1 }, false],
  ])('batch %j is accepted: %s', (batch, ok) => {
    const parse = () => checked(updateStreamSchema, { batch });
    if (ok) expect(parse().batch).toEqual(batch);
    else expect(() => parse()).toThrow(RosterError);
  });

  it('changes only the batch settings given', () => {
    expect(resolveBatch(DEFAULT_BATCH, { maxEvents: 10 })).toEqual({ ...DEFAULT_BATCH, maxEvents: 10 });
    expect(resolveBatch(DEFAULT_BATCH, { maxWaitMs: undefined })).toEqual(DEFAULT_BATCH);
    expect(resolveBatch(DEFAULT_BATCH, undefined)).toEqual(DEFAULT_BATCH);
  });
});

describe('replay start', () => {
  it('reads digits as a cursor and anything else as a date-time', () => {
    expect(replayFromText('0')).toBe(0);
    expect(replayFromText('1234')).toBe(1234);
    expect(replayFromText('2027-01-01T00:00:00Z')).toBe('2027-01-01T00:00:00Z');
    expect(replayFromText('-1')).toBe('-1');
  });

  it.each([0, 17, '2027-01-01T00:00:00Z', '2027-01-01T01:00:00+01:00'])('accepts %j', (from) => {
    expect(checked(replaySchema, { from }).from).toBe(from);
  });

  it.each([-1, 1.5, 'yesterday', '2027-01-01', '-1', true, null])('refuses %j with the two accepted forms', (from) => {
    expect(refusalOf(() => checked(replaySchema, { from })).message).toBe(
      'from: expected from as an ISO-8601 date-time or a cursor (a sequence number, 0 for the beginning)',
    );
  });
});

describe('kinds, config and categories', () => {
  it('names the known kinds when refusing an unknown one', () => {
    expect(refusalOf(() => kindDefinition(catalogue, 'kafka')).message).toBe(
      `unknown SIEM kind "kafka"; expected one of ${catalogue.kinds.join(', ')}`,
    );
  });

  it("checks a config with the kind's own schema and prefixes each problem with config.", () => {
    const error = refusalOf(() => validateConfig(catalogue, 'splunk_hec', { url: 'not a url' }));
    expect(error.message).toMatch(/^invalid splunk_hec config: config\.\w+: /);
    expect((error.details.problems as string[]).every((p) => p.startsWith('config'))).toBe(true);
    expect(refusalOf(() => validateConfig(catalogue, 'splunk_hec', 'text')).message).toMatch(
      /^invalid splunk_hec config: config: /,
    );
  });

  it('returns a valid config', () => {
    const config = validateConfig(catalogue, 'splunk_hec', { url: 'https://hec.example.test:8088', token: 't' });
    expect(config).toMatchObject({ url: 'https://hec.example.test:8088', token: 't' });
  });

  it('filters categories to the known ones, de-duplicated, naming the unknown', () => {
    expect(validateCategories(catalogue, ['iam', 'access', 'iam'])).toEqual(['iam', 'access']);
    expect(validateCategories(catalogue, [])).toEqual([]);
    expect(refusalOf(() => validateCategories(catalogue, ['iam', 'billing', 'IAM'])).message).toBe(
      `unknown categories billing, IAM; expected some of ${catalogue.categories.join(', ')}`,
    );
  });
});

describe('mergeConfig (a config update keeps stored secrets unless replaced)', () => {
  const fields = ['auth.token', 'token'];
  const stored = { url: 'https://a.test', auth: { type: 'bearer' } };
  const storedSecrets = { 'auth.token': 'old-secret' };

  it('keeps the secret when the update leaves its top-level field out', () => {
    expect(mergeConfig(stored, storedSecrets, { url: 'https://b.test' }, fields)).toEqual({
      url: 'https://b.test',
      auth: { type: 'bearer', token: 'old-secret' },
    });
  });

  it('keeps the secret when the update sends the "[set]" mask back', () => {
    const update = { auth: { type: 'bearer', token: '[set]' } };
    expect(mergeConfig(stored, storedSecrets, update, fields)).toEqual({
      url: 'https://a.test',
      auth: { type: 'bearer', token: 'old-secret' },
    });
  });

  it('replaces the secret with a new value, and drops it when its object is replaced without it', () => {
    expect(mergeConfig(stored, storedSecrets, { auth: { type: 'bearer', token: 'new' } }, fields)).toEqual({
      url: 'https://a.test',
      auth: { type: 'bearer', token: 'new' },
    });
    expect(mergeConfig(stored, storedSecrets, { auth: { type: 'none' } }, fields)).toEqual({
      url: 'https://a.test',
      auth: { type: 'none' },
    });
  });
});
