import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createShipper } from '../../../workers/siem/shippers/index.js';
import type { Shipper } from '../../../workers/siem/shipper.js';
import { startHecReceiver, type HecReceiver } from '../../helpers/siem/hec-receiver.js';
import { auditBatch } from '../../helpers/siem/records.js';
import { shipError } from '../../helpers/siem/ship-error.js';

describe('Splunk HEC shipper', () => {
  let hec: HecReceiver;
  let shipper: Shipper;
  const make = (extra: Record<string, unknown> = {}) =>
    createShipper('splunk_hec', { url: hec.url, token: hec.token, host: 'roster-1', index: 'security', ...extra });

  beforeEach(async () => {
    hec = await startHecReceiver();
    shipper = make();
  });
  afterEach(async () => {
    await shipper.close();
    await hec.close();
  });

  it('lands a batch as concatenated event envelopes, authenticated with the HEC token', async () => {
    const batch = auditBatch(3);
    expect(await shipper.ship(batch)).toEqual({ delivered: batch.map((r) => r._id), failed: [] });
    expect(hec.requests[0].headers.authorization).toBe(`Splunk ${hec.token}`);
    expect(hec.requests[0].body.trimStart().startsWith('[')).toBe(false);
    expect(hec.events).toHaveLength(3);
    expect(hec.events[0]).toMatchObject({
      time: 1772366400.123,
      host: 'roster-1',
      source: 'roster',
      sourcetype: 'roster:audit',
      index: 'security',
    });
    expect(hec.events.map((e) => (e.event.event as { id: string }).id)).toEqual(batch.map((r) => r._id));
  });

  it('sends gzip bodies and indexed fields when asked, in the OCSF schema', async () => {
    shipper = make({ gzip: true, indexedFields: true, format: 'ocsf' });
    await shipper.ship(auditBatch(2));
    expect(hec.requests[0].headers['content-encoding']).toBe('gzip');
    expect(hec.events[1]).toMatchObject({
      fields: { tenant: 'acme', category: 'iam', outcome: 'success' },
      event: { class_uid: 3001, type_uid: 300101 },
    });
  });

  it('surfaces 503 with Retry-After as a retryable failure that says how long to wait', async () => {
    hec.failures.push({ status: 503, retryAfter: 7, body: { text: 'Server is busy', code: 9 } });
    const err = await shipError(shipper.ship(auditBatch(2)));
    expect(err).toMatchObject({ retryable: true, auth: false, retryAfterMs: 7000, status: 503 });
    expect(err.message).toContain('code 9: Server is busy');
    expect(hec.events).toHaveLength(0);
    await shipper.ship(auditBatch(2));
    expect(hec.events).toHaveLength(2);
  });

  it('treats a refused connection as retryable', async () => {
    await hec.refuse();
    const err = await shipError(shipper.ship(auditBatch(1)));
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/could not reach the endpoint/);
  });

  it('reports a wrong token as an auth failure not to retry, keeping the token out of the message', async () => {
    shipper = make({ token: 'not-the-token' });
    const err = await shipError(shipper.ship(auditBatch(1)));
    expect(err).toMatchObject({ auth: true, retryable: false, status: 403 });
    expect(err.message).not.toContain('not-the-token');
    expect((await shipError(shipper.test())).auth).toBe(true);
  });

  it('passes the connection test with a valid token without indexing anything', async () => {
    await shipper.test();
    expect(hec.events).toHaveLength(0);
  });

  it('fails the event HEC calls invalid permanently and the rest of its batch retryably', async () => {
    hec.failures.push({ status: 400, body: { text: 'Invalid data format', code: 6, 'invalid-event-number': 1 } });
    const batch = auditBatch(3);
    const result = await shipper.ship(batch);
    expect(result.delivered).toEqual([]);
    expect(result.failed).toEqual([
      { id: batch[0]._id, reason: expect.stringContaining('rejected at event 1'), retryable: true },
      { id: batch[1]._id, reason: 'Splunk HEC rejected the event (code 6: Invalid data format)', retryable: false },
      { id: batch[2]._id, reason: expect.stringContaining('rejected at event 1'), retryable: true },
    ]);
  });
});

describe('Splunk HEC shipper with indexer acknowledgement', () => {
  let hec: HecReceiver;
  beforeEach(async () => {
    hec = await startHecReceiver({ ack: true });
  });
  afterEach(() => hec.close());

  it('polls the ack endpoint on its channel until the batch is indexed', async () => {
    hec.ackAfterPolls = 2;
    const shipper = createShipper('splunk_hec', { url: hec.url, token: hec.token, ack: true, ackPollMs: 10 });
    const batch = auditBatch(2);
    expect((await shipper.ship(batch)).delivered).toEqual(batch.map((r) => r._id));
    const acks = hec.requests.filter((r) => r.path === '/services/collector/ack');
    expect(acks).toHaveLength(3);
    const channel = hec.requests[0].headers['x-splunk-request-channel'];
    expect(channel).toMatch(/^[0-9a-f-]{36}$/);
    expect(acks.every((r) => r.query.get('channel') === channel && JSON.parse(r.body).acks[0] === 0)).toBe(true);
  });

  it('gives up retryably when the indexers never acknowledge', async () => {
    hec.ackAfterPolls = Infinity;
    const shipper = createShipper('splunk_hec', {
      url: hec.url,
      token: hec.token,
      ack: true,
      ackPollMs: 10,
      ackTimeoutMs: 150,
    });
    const err = await shipError(shipper.ship(auditBatch(1)));
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/did not acknowledge ackId 0/);
  });
});
