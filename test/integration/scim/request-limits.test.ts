import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR, PATCH_OP, USER, createUserOk, startScim, type ScimHarness } from './scim-client.js';

// README "Limits": what one SCIM request may ask for, and PATCH applied in time linear in its
// operations, so one client cannot hold the event loop that every tenant shares.

let h: ScimHarness;
beforeAll(async () => {
  h = await startScim('limits');
});
afterAll(() => h.close());

const addEmail = (i: number) => ({ op: 'add', path: 'emails', value: [{ value: `u${i}@limits.test`, type: 'work' }] });

describe('SCIM request limits', () => {
  it('refuses a 10,000-operation PATCH by its cap while /healthz keeps answering', async () => {
    const id = await createUserOk(h, 'flood@limits.test');
    const body = { schemas: [PATCH_OP], Operations: Array.from({ length: 10_000 }, (_v, i) => addEmail(i)) };
    expect(JSON.stringify(body).length).toBeGreaterThan(600_000); // the issue's ~640 KB request
    const patch = h.call('PATCH', `/Users/${id}`, body);
    // /healthz is asked while the PATCH is in flight and answers; how fast is a figure for a
    // benchmark on a quiet machine, not an assertion here (tests never assert timings).
    const health = await fetch(`${h.server.url}/healthz`);
    const refused = await patch;
    expect(health.status).toBe(200);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'tooMany' });
    expect(refused.body.detail).toContain('at most 1,000 operations');
    expect(refused.body.detail).toContain('10,000');
  });

  it('applies a 1,000-operation PATCH (the cap) and keeps each value once', async () => {
    const id = await createUserOk(h, 'many@limits.test', { emails: [] });
    const operations = Array.from({ length: 1000 }, (_v, i) => addEmail(i % 99));
    const done = await h.call('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: operations });
    expect(done.status).toBe(200);
    const values = (done.body.emails as { value: string }[]).map((e) => e.value);
    expect(values).toHaveLength(99);
    expect(new Set(values).size).toBe(99);
    expect(values[0]).toBe('u0@limits.test');
  });

  it('refuses more values of one attribute than the cap, naming the attribute and the cap', async () => {
    const emails = Array.from({ length: 101 }, (_v, i) => ({ value: `e${i}@limits.test` }));
    const created = await h.call('POST', '/Users', { schemas: [USER], userName: 'emails@limits.test', emails });
    expect(created.status).toBe(400);
    expect(created.body.scimType).toBe('tooMany');
    expect(created.body.detail).toMatch(/^emails may hold at most 100 values; this request has 101/);

    const id = await createUserOk(h, 'grow@limits.test', { emails: [] });
    const operations = Array.from({ length: 101 }, (_v, i) => addEmail(i));
    const patched = await h.call('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: operations });
    expect(patched.status).toBe(400);
    expect(patched.body.detail).toContain('emails may hold at most 100 values');
  });

  it('refuses more members in one request than the cap', async () => {
    const members = Array.from({ length: 10_001 }, (_v, i) => ({ value: `user-${i}` }));
    const created = await h.call('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Too big',
      members,
    });
    expect(created.status).toBe(400);
    expect(created.body.scimType).toBe('tooMany');
    expect(created.body.detail).toContain('at most 10,000 members');
  });

  it('refuses a filter longer than the cap with invalidFilter', async () => {
    const filter = `userName eq "${'x'.repeat(9000)}"`;
    const listed = await h.call('GET', `/Users?filter=${encodeURIComponent(filter)}`);
    expect(listed.status).toBe(400);
    expect(listed.body.scimType).toBe('invalidFilter');
    expect(listed.body.detail).toContain('8192 characters');
  });
});
