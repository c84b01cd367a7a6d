import { describe, expect, it } from 'vitest';
import {
  classifyResponse,
  parseRetryAfter,
  rateLimitWaitMs,
  snippet,
} from '../../../workers/sync/connectors/errors.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name] ?? null });
const answer = (status: number, h: Record<string, string> = {}, body = '') =>
  classifyResponse({ status, headers: headers(h), body }, 'PUT /x', ['s3cret'], NOW);

describe('Retry-After (RFC 9110 §10.2.3)', () => {
  it('reads delay-seconds and HTTP-dates, and ignores anything else', () => {
    expect(parseRetryAfter('2', NOW)).toBe(2000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('-1', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });

  it("follows GitHub's order: retry-after, else x-ratelimit-reset when none remain, else a minute", () => {
    const reset = String(NOW / 1000 + 90);
    expect(
      rateLimitWaitMs(headers({ 'retry-after': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), NOW),
    ).toBe(5000);
    expect(rateLimitWaitMs(headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), NOW)).toBe(90_000);
    expect(rateLimitWaitMs(headers({ 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': reset }), NOW)).toBe(60_000);
  });
});

describe('classifyResponse', () => {
  it('maps statuses to classes', () => {
    expect(answer(429, { 'retry-after': '2' })).toMatchObject({
      class: 'rate_limited',
      retryAfterMs: 2000,
      status: 429,
    });
    expect(answer(503, { 'retry-after': '10' })).toMatchObject({ class: 'transient', retryAfterMs: 10_000 });
    expect(answer(502)).toMatchObject({ class: 'transient', retryAfterMs: undefined });
    expect(answer(401)).toMatchObject({ class: 'auth' });
    expect(answer(403)).toMatchObject({ class: 'auth' });
    expect(answer(403, { 'x-ratelimit-remaining': '0' })).toMatchObject({ class: 'rate_limited' });
    expect(answer(404)).toMatchObject({ class: 'not_found' });
    expect(answer(409)).toMatchObject({ class: 'permanent' });
    expect(answer(422)).toMatchObject({ class: 'permanent' });
  });

  it('keeps a short detail with secrets scrubbed', () => {
    const error = answer(400, {}, `token s3cret rejected ${'x'.repeat(1000)}`);
    expect(error.detail.startsWith('token [redacted] rejected')).toBe(true);
    expect(error.detail.length).toBeLessThan(320);
    expect(snippet('a s3cret and s3cret', ['s3cret', ''])).toBe('a [redacted] and [redacted]');
  });
});
