import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookConnector, webhookConfigSchema } from '../../../../workers/sync/connectors/webhook.js';
import { startHttpDouble, type HttpDouble, type RecordedRequest } from '../../../helpers/sync/http-double.js';

// Signed CloudEvents to a receiver that verifies them the way a tenant would, with the
// standardwebhooks package's Webhook.verify.

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;
const ada = {
  id: 'u-1',
  userName: 'ada@acme.example',
  email: 'ada@acme.example',
  givenName: 'Ada',
  familyName: 'Lovelace',
  active: true,
  roles: ['admin'],
};
const headersOf = (r: RecordedRequest) => ({
  'webhook-id': String(r.headers['webhook-id']),
  'webhook-timestamp': String(r.headers['webhook-timestamp']),
  'webhook-signature': String(r.headers['webhook-signature']),
});

describe('webhook connector', () => {
  let receiver: HttpDouble;
  let answer = 204;
  beforeEach(async () => {
    answer = 204;
    receiver = await startHttpDouble(() => ({ status: answer }));
  });
  afterEach(() => receiver.close());

  const connect = (secrets: string[]) =>
    createWebhookConnector(
      webhookConfigSchema.parse({ url: `${receiver.url}/hooks/roster`, secrets, maxMembersPerEvent: 2 }),
      { tenantId: 'acme', connectorId: 'hook-1' },
    );

  it('sends a CloudEvents 1.0 envelope that verifies with the secret', async () => {
    const secret = newSecret();
    const ref = await connect([secret]).createUser(ada, { eventId: 'evt-42' });
    expect(ref).toEqual({ remoteId: 'u-1' });
    const [request] = receiver.requests;
    expect(request.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
    expect(request.headers['webhook-id']).toBe('evt-42');
    const event = new Webhook(secret).verify(request.body, headersOf(request)) as Record<string, unknown>;
    expect(event).toMatchObject({
      specversion: '1.0',
      id: 'evt-42',
      type: 'user.created',
      source: 'roster:/tenants/acme/connectors/hook-1',
      subject: 'u-1',
      datacontenttype: 'application/json',
      data: { id: 'u-1', userName: 'ada@acme.example', email: 'ada@acme.example', active: true, roles: ['admin'] },
    });
    expect(Date.parse(event.time as string)).not.toBeNaN();
  });

  it('during rotation both the old and the new secret verify the same delivery', async () => {
    const [oldSecret, nextSecret] = [newSecret(), newSecret()];
    await connect([oldSecret, nextSecret]).deactivateUser({ remoteId: 'u-1' }, ada);
    const [request] = receiver.requests;
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(new Webhook(oldSecret).verify(request.body, headersOf(request))).toMatchObject({
      type: 'user.deactivated',
      data: { active: false },
    });
    expect(new Webhook(nextSecret).verify(request.body, headersOf(request))).toMatchObject({
      type: 'user.deactivated',
    });
    expect(() => new Webhook(newSecret()).verify(request.body, headersOf(request))).toThrow();
  });

  it('its check delivers a signed connector.test event', async () => {
    const secret = newSecret();
    await connect([secret]).test();
    const [request] = receiver.requests;
    expect(new Webhook(secret).verify(request.body, headersOf(request))).toMatchObject({
      type: 'connector.test',
      subject: 'hook-1',
    });
  });

  it('a tampered body fails verification', async () => {
    const secret = newSecret();
    await connect([secret]).updateUser({ remoteId: 'u-1' }, ada);
    const [request] = receiver.requests;
    const tampered = request.body.replace('ada@acme.example', 'eve@evil.example');
    expect(() => new Webhook(secret).verify(tampered, headersOf(request))).toThrow();
  });

  it('without an engine id the same change gets the same event id, a different change another', async () => {
    const c = connect([newSecret()]);
    await c.updateUser({ remoteId: 'u-1' }, ada);
    await c.updateUser({ remoteId: 'u-1' }, ada);
    await c.updateUser({ remoteId: 'u-1' }, { ...ada, familyName: 'King' });
    const ids = receiver.requests.map((r) => r.headers['webhook-id']);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('group events: created, members added in batches, removed, deleted; find answers nothing', async () => {
    const secret = newSecret();
    const c = connect([secret]);
    const g = { id: 'g-1', displayName: 'Eng' };
    expect(await c.findGroup(g)).toBeNull();
    const ref = await c.createGroup(g);
    await c.addMembers(ref, [{ remoteId: 'u-1' }, { remoteId: 'u-2' }, { remoteId: 'u-3' }], { eventId: 'job-7' });
    await c.removeMembers(ref, [{ remoteId: 'u-2' }]);
    await c.deleteGroup(ref, g);
    const events = receiver.requests.map(
      (r) => new Webhook(secret).verify(r.body, headersOf(r)) as { id: string; type: string; data: any },
    );
    expect(events.map((e) => e.type)).toEqual([
      'group.created',
      'group.user_added',
      'group.user_added',
      'group.user_removed',
      'group.deleted',
    ]);
    expect(events[1]).toMatchObject({
      id: 'job-7-0',
      data: { group: { id: 'g-1' }, users: [{ id: 'u-1' }, { id: 'u-2' }] },
    });
    expect(events[2]).toMatchObject({ id: 'job-7-1', data: { users: [{ id: 'u-3' }] } });
  });

  it('a receiver answering 500 is transient and 400 permanent; the secret never shows', async () => {
    const secret = newSecret();
    answer = 500;
    expect(
      await connect([secret])
        .deleteUser({ remoteId: 'u-1' }, ada)
        .catch((e: unknown) => e),
    ).toMatchObject({ class: 'transient', status: 500 });
    answer = 400;
    const error = await connect([secret])
      .deleteUser({ remoteId: 'u-1' }, ada)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ class: 'permanent', status: 400 });
    expect(JSON.stringify(error)).not.toContain(secret.slice(6));
  });
});
