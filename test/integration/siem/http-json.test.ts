import { afterEach, describe, expect, it } from 'vitest';
import { createShipper } from '../../../workers/siem/shippers/index.js';
import { startJsonReceiver, type JsonReceiver } from '../../helpers/siem/json-receiver.js';
import { auditBatch } from '../../helpers/siem/records.js';
import { shipError } from '../../helpers/siem/ship-error.js';

describe('HTTP JSON shipper', () => {
  let receiver: JsonReceiver;
  afterEach(() => receiver.close());

  it('posts JSON lines with a bearer token', async () => {
    receiver = await startJsonReceiver({ name: 'authorization', value: 'Bearer s3cret' });
    const shipper = createShipper('http_json', {
      url: `${receiver.url}/in`,
      auth: { type: 'bearer', token: 's3cret' },
    });
    const batch = auditBatch(3);
    expect((await shipper.ship(batch)).delivered).toEqual(batch.map((r) => r._id));
    expect(receiver.contentTypes).toEqual(['application/x-ndjson']);
    expect(receiver.documents.map((d) => (d.event as { id: string }).id)).toEqual(batch.map((r) => r._id));
  });

  it('posts one JSON array of raw records with a custom auth header', async () => {
    receiver = await startJsonReceiver({ name: 'DD-API-KEY', value: 'k-123' });
    const shipper = createShipper('http_json', {
      url: receiver.url,
      auth: { type: 'header', name: 'DD-API-KEY', value: 'k-123' },
      body: 'array',
      format: 'raw',
    });
    const batch = auditBatch(2);
    await shipper.ship(batch);
    expect(receiver.contentTypes).toEqual(['application/json']);
    expect(receiver.documents).toEqual(
      batch.map((r) => expect.objectContaining({ id: r._id, action: 'user.created', category: 'iam', seq: r.seq })),
    );
  });

  it('reports a 401 as an auth failure and a 502 as retryable', async () => {
    receiver = await startJsonReceiver({ name: 'authorization', value: 'Bearer right' });
    const wrong = createShipper('http_json', { url: receiver.url, auth: { type: 'bearer', token: 'wrong' } });
    expect(await shipError(wrong.ship(auditBatch(1)))).toMatchObject({ auth: true, retryable: false });
    expect((await shipError(wrong.test())).auth).toBe(true);
    const right = createShipper('http_json', { url: receiver.url, auth: { type: 'bearer', token: 'right' } });
    receiver.failures.push({ status: 502 });
    expect(await shipError(right.ship(auditBatch(1)))).toMatchObject({ retryable: true, status: 502 });
    expect(receiver.documents).toHaveLength(0);
  });
});
