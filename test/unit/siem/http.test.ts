import { describe, expect, it } from 'vitest';
import { joinUrl, retryAfterMs, statusError } from '../../../workers/siem/http.js';

describe('HTTP shipper helpers', () => {
  const now = () => Date.parse('2026-03-01T12:00:00Z');

  it('reads Retry-After as seconds or as an HTTP-date (RFC 9110 §10.2.3)', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '120' }), now)).toBe(120_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Mar 2026 12:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });

  it.each([
    [401, { auth: true, retryable: false }],
    [403, { auth: true, retryable: false }],
    [400, { auth: false, retryable: false }],
    [413, { auth: false, retryable: false }],
    [408, { retryable: true }],
    [429, { retryable: true }],
    [500, { retryable: true }],
    [503, { retryable: true }],
  ])('classifies HTTP %i for the delivery loop', (status, expected) => {
    expect(statusError('T', { status, headers: new Headers(), text: '' })).toMatchObject({ status, ...expected });
  });

  it('joins base URLs and paths with exactly one slash', () => {
    expect(joinUrl('https://h:8088/', '/services/collector/event')).toBe('https://h:8088/services/collector/event');
    expect(joinUrl('https://h/es', 'idx/_bulk')).toBe('https://h/es/idx/_bulk');
  });
});
