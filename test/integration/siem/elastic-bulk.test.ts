import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createShipper } from '../../../workers/siem/shippers/index.js';
import { startElasticReceiver, type ElasticReceiver } from '../../helpers/siem/elastic-receiver.js';
import { auditBatch } from '../../helpers/siem/records.js';
import { shipError } from '../../helpers/siem/ship-error.js';

const INDEX = 'logs-roster.audit-default';

describe('Elasticsearch bulk shipper', () => {
  let es: ElasticReceiver;
  const make = (auth: Record<string, unknown> = { apiKey: es.apiKey }) =>
    createShipper('elastic_bulk', { url: es.url, index: INDEX, auth });

  beforeEach(async () => {
    es = await startElasticReceiver();
  });
  afterEach(() => es.close());

  it('stores each record as an ECS document under its event id, as NDJSON with ApiKey auth', async () => {
    const batch = auditBatch(3);
    expect(await make().ship(batch)).toEqual({ delivered: batch.map((r) => r._id), failed: [] });
    const request = es.requests[0];
    expect(request).toMatchObject({
      path: `/${INDEX}/_bulk`,
      headers: { authorization: `ApiKey ${es.apiKey}`, 'content-type': 'application/x-ndjson' },
    });
    const docs = es.indices.get(INDEX)!;
    expect([...docs.keys()]).toEqual(batch.map((r) => r._id));
    expect(docs.get(batch[0]._id)).toMatchObject({
      '@timestamp': batch[0].time,
      event: { id: batch[0]._id, action: 'user.created' },
    });
  });

  it('counts a resent batch as delivered while the index keeps one copy of each record', async () => {
    const shipper = make();
    const batch = auditBatch(3);
    const first = await shipper.ship(batch);
    const second = await shipper.ship(batch);
    expect(first.delivered).toEqual(batch.map((r) => r._id));
    expect(second).toEqual({ delivered: batch.map((r) => r._id), failed: [] });
    expect(es.indices.get(INDEX)!.size).toBe(3);
  });

  it('reports exactly the items that failed, retryable for 429 and permanent for a mapping error', async () => {
    const batch = auditBatch(4);
    es.itemFailures.set(batch[1]._id, {
      status: 429,
      type: 'es_rejected_execution_exception',
      reason: 'rejected execution of coordinating operation',
    });
    es.itemFailures.set(batch[3]._id, {
      status: 400,
      type: 'document_parsing_exception',
      reason: 'failed to parse field [roster.details.x] of type [long]',
    });
    const result = await make().ship(batch);
    expect(result.delivered).toEqual([batch[0]._id, batch[2]._id]);
    expect(result.failed).toEqual([
      {
        id: batch[1]._id,
        reason: 'Elasticsearch 429 es_rejected_execution_exception: rejected execution of coordinating operation',
        retryable: true,
      },
      { id: batch[3]._id, reason: expect.stringContaining('document_parsing_exception'), retryable: false },
    ]);
    // Retrying the failed ones alone completes the batch.
    const retry = await make().ship([batch[1]]);
    expect(retry.delivered).toEqual([batch[1]._id]);
    expect(es.indices.get(INDEX)!.size).toBe(3);
  });

  it('authenticates with basic credentials too', async () => {
    const shipper = make({ username: 'elastic', password: 'changeme' });
    await shipper.test();
    expect((await shipper.ship(auditBatch(1))).delivered).toHaveLength(1);
  });

  it('reports rejected credentials as an auth failure, on ship and on test', async () => {
    const shipper = make({ apiKey: 'wrong' });
    expect(await shipError(shipper.ship(auditBatch(1)))).toMatchObject({ auth: true, retryable: false, status: 401 });
    expect((await shipError(shipper.test())).auth).toBe(true);
  });

  it('treats a throttled whole request as retryable with the wait Elasticsearch asked for', async () => {
    es.failures.push({ status: 429, retryAfter: 3 });
    expect(await shipError(make().ship(auditBatch(2)))).toMatchObject({ retryable: true, retryAfterMs: 3000 });
  });
});
