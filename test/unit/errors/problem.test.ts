import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ERROR_CODES,
  type ErrorCode,
  fromHttpError,
  GENERIC_HTTP_CODES,
  isRosterError,
  problemErrorHandler,
  RosterError,
  toProblem,
  toRosterError,
} from '../../../src/errors/index.js';

describe('RosterError', () => {
  it('takes its status from the code table and shows 4xx messages, hides 5xx ones by default', () => {
    const client = new RosterError('tenant_not_found', 'tenant "x" does not exist');
    expect([client.status, client.expose, client.name]).toEqual([404, true, 'RosterError']);
    const server = new RosterError('store_transaction_failed', 'lock timeout');
    expect([server.status, server.expose]).toEqual([503, false]);
    expect(new RosterError('internal', 'x', { expose: true }).expose).toBe(true);
    expect(new RosterError('invalid_input', 'x', { expose: false }).expose).toBe(false);
  });

  it('keeps the cause only when one is given', () => {
    const cause = new Error('root');
    expect(new RosterError('conflict', 'x', { cause }).cause).toBe(cause);
    expect('cause' in new RosterError('conflict', 'x')).toBe(false);
  });

  it('every code maps to an HTTP error status', () => {
    for (const [code, status] of Object.entries(ERROR_CODES)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
  });

  it('wraps a third-party throw once, as a hidden internal error', () => {
    const thrown = new TypeError('cannot read x of undefined');
    const wrapped = toRosterError(thrown);
    expect([wrapped.code, wrapped.status, wrapped.expose, wrapped.cause]).toEqual(['internal', 500, false, thrown]);
    const own = new RosterError('forbidden', 'no');
    expect(toRosterError(own)).toBe(own);
    expect(isRosterError(own)).toBe(true);
    expect(isRosterError({ code: 'forbidden', status: 403 })).toBe(false);
  });
});

describe('toProblem (RFC 9457)', () => {
  it('names the type by code and carries the detail, the details and the request id', () => {
    const error = new RosterError('quota_exceeded', 'the free plan allows 5 roles', { details: { limit: 5 } });
    expect(toProblem(error, 'req-1')).toEqual({
      type: 'https://roster.dev/problems/quota_exceeded',
      title: 'Too Many Requests',
      status: 429,
      code: 'quota_exceeded',
      detail: 'the free plan allows 5 roles',
      limit: 5,
      requestId: 'req-1',
    });
    expect(toProblem(error)).not.toHaveProperty('requestId');
  });

  it('hides the message and the details of an error not to be shown', () => {
    const error = new RosterError('secret_unreadable', 'key k2 failed for tenant acme', {
      details: { kid: 'k2' },
    });
    const problem = toProblem(error, 'req-2');
    expect(problem.detail).toBe('an internal error occurred; quote the request id to support');
    expect(problem).not.toHaveProperty('kid');
    expect(JSON.stringify(problem)).not.toContain('acme');
  });

  it('gives every status in the code table its reason phrase as title', () => {
    const generic = Object.entries(ERROR_CODES).filter(
      ([code]) => toProblem(new RosterError(code as ErrorCode, 'x')).title === 'Error',
    );
    expect(generic.map(([code, status]) => `${code} (${status})`)).toEqual([]);
    expect(toProblem(new RosterError('invitation_expired', 'x')).title).toBe('Gone');
    expect(toProblem(new RosterError('connector_test_failed', 'x')).title).toBe('Bad Gateway');
  });
});

describe('fromHttpError', () => {
  it.each([
    ['entity.parse.failed', 'invalid_input', 'the request body is not valid JSON'],
    ['encoding.unsupported', 'invalid_input', 'the request body must be UTF-8'],
    ['charset.unsupported', 'invalid_input', 'the request body must be UTF-8'],
    ['parameters.too.many', 'invalid_input', 'the form has more fields than this server accepts'],
    ['stream.not.readable', 'invalid_input', 'the request body could not be read'],
    ['entity.too.large', 'payload_too_large', 'the request body is larger than this server accepts'],
  ])('turns body-parser %s into %s', (type, code, message) => {
    const err = Object.assign(new Error(type), { status: type === 'entity.too.large' ? 413 : 400, type });
    const error = fromHttpError(err);
    expect([error?.code, error?.message, error?.cause]).toEqual([code, message, err]);
  });

  it("answers with the edge's own codes", () => {
    const codes = {
      tooLarge: 'scim_too_many',
      unreadable: 'scim_invalid_syntax',
      badPath: 'scim_invalid_path',
    } as const;
    const big = Object.assign(new Error(), { status: 413, type: 'entity.too.large' });
    const path = Object.assign(new URIError('URI malformed'), { status: 400 });
    expect(fromHttpError(big, codes)?.code).toBe('scim_too_many');
    expect(fromHttpError(path, codes)?.code).toBe('scim_invalid_path');
    expect(fromHttpError(path, GENERIC_HTTP_CODES)?.message).toBe(
      'the request path is malformed: a %-escape in it does not decode',
    );
  });

  it.each([
    ['a plain Error', new Error('boom')],
    ['a 500 from Express', Object.assign(new Error(), { status: 500, type: 'x' })],
    ['a status that is not a number', Object.assign(new Error(), { status: '400' })],
    ['null', null],
    ['a string', 'oops'],
  ])('leaves %s to the caller', (_label, err) => {
    expect(fromHttpError(err)).toBeUndefined();
  });
});

describe('problemErrorHandler over HTTP', () => {
  let base = '';
  let close: () => void = () => {};

  beforeAll(async () => {
    const app = express();
    app.use((_req, res, next) => {
      res.setHeader('x-request-id', 'rid-7');
      next();
    });
    app.post('/json', express.json({ limit: '10b' }), (_req, res) => {
      res.json({ ok: true });
    });
    app.get('/busy', () => {
      throw new RosterError('unavailable', 'redis is down', { details: { retryAfterSeconds: 2.2 } });
    });
    app.get('/throttled', () => {
      throw new RosterError('rate_limited', 'slow down', { details: { retryAfterSeconds: 30 } });
    });
    app.get('/conflict', () => {
      throw new RosterError('conflict', 'taken', { details: { retryAfterSeconds: 5 } });
    });
    app.get('/crash', () => {
      throw new Error('secret internals');
    });
    app.use(problemErrorHandler);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  it('answers a client mistake in the body as a 400 problem, not a 500', async () => {
    const res = await fetch(`${base}/json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ code: 'invalid_input', requestId: 'rid-7' });
  });

  it('answers a body over the limit with 413', async () => {
    const res = await fetch(`${base}/json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 'x'.repeat(50) }),
    });
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([413, 'payload_too_large']);
  });

  it('says when to come back on 503 and 429, rounding up, and only then', async () => {
    const busy = await fetch(`${base}/busy`);
    expect([busy.status, busy.headers.get('retry-after')]).toEqual([503, '3']);
    const throttled = await fetch(`${base}/throttled`);
    expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '30']);
    const conflict = await fetch(`${base}/conflict`);
    expect([conflict.status, conflict.headers.get('retry-after')]).toEqual([409, null]);
  });

  it('answers an unexpected throw with a 500 that reveals nothing', async () => {
    const res = await fetch(`${base}/crash`);
    const body = await res.text();
    expect(res.status).toBe(500);
    expect(body).not.toContain('secret internals');
    expect(JSON.parse(body)).toMatchObject({ code: 'internal', title: 'Internal Server Error', requestId: 'rid-7' });
  });
});
