// Elasticsearch Bulk API ("Bulk API", elastic.co reference; elasticsearch-specification
// `_global/bulk`): NDJSON action/source pairs, `create` with `_id` = record id so a resent record
// is refused as a 409 version conflict instead of stored twice (data streams accept only `create`).
import { z } from 'zod';
import { joinBytes } from '../batch-bytes.js';
import { jsonPayloadText } from '../formats/json-payload.js';
import { joinUrl, send, statusError, type HttpReply } from '../http.js';
import { ShipError, allDelivered, encodeAll, type EncodedRecord, type ShipResult, type Shipper } from '../shipper.js';
import type { ShippableAudit } from '../siem-record.js';
import { httpUrl, jsonFormat, timeoutMs } from './config-parts.js';
import { defineShipper } from './define.js';
import { elasticAuth, elasticAuthHeader } from './http-auth.js';

const configSchema = z.strictObject({
  url: httpUrl,
  /** An index, alias or data stream name (lowercase, no `*?"<>|,# \/`, Elasticsearch index naming rules). */
  index: z.string().regex(/^[a-z0-9][^A-Z\\/*?"<>| ,#:]*$/, 'expected a lowercase index or data stream name'),
  auth: elasticAuth,
  format: jsonFormat.default('ecs'),
  timeoutMs: timeoutMs.default(10_000),
});
export type ElasticBulkConfig = z.output<typeof configSchema>;

const NOTHING = Buffer.alloc(0);

interface BulkItem {
  status: number;
  _id?: string;
  error?: { type?: string; reason?: string };
}

/** One record's action and source lines. */
function bulkLines(record: ShippableAudit, format: ElasticBulkConfig['format']): string {
  return `${JSON.stringify({ create: { _id: record._id } })}\n${jsonPayloadText(record, format)}\n`;
}

function bulkItems(reply: HttpReply, expected: number): BulkItem[] {
  let body: { items?: Record<string, BulkItem>[] };
  try {
    body = JSON.parse(reply.text);
  } catch {
    throw new ShipError('Elasticsearch answered the bulk request with a body that is not JSON', {
      retryable: true,
      status: reply.status,
    });
  }
  const items = (body.items ?? []).map((entry) => Object.values(entry)[0]);
  if (items.length !== expected)
    throw new ShipError(`Elasticsearch answered ${items.length} bulk items for ${expected} records`, {
      retryable: true,
      status: reply.status,
    });
  return items;
}

/** A `create` refused because a document with this _id exists: the record is already there. */
const alreadyStored = (item: BulkItem) =>
  item.status === 409 &&
  (item.error?.type ?? 'version_conflict_engine_exception') === 'version_conflict_engine_exception';

/** Per item: 2xx stored, 409 already stored (delivered), 429/5xx retry, other 4xx permanent. */
function itemOutcome(item: BulkItem): { delivered: true } | { delivered: false; reason: string; retryable: boolean } {
  if ((item.status >= 200 && item.status < 300) || alreadyStored(item)) return { delivered: true };
  const reason = `Elasticsearch ${item.status} ${item.error?.type ?? ''}: ${item.error?.reason ?? ''}`.trim();
  return { delivered: false, reason, retryable: item.status === 429 || item.status >= 500 };
}

function bulkResult(batch: readonly EncodedRecord[], items: BulkItem[]): ShipResult {
  const result: ShipResult = { delivered: [], failed: [] };
  batch.forEach((record, i) => {
    const outcome = itemOutcome(items[i]);
    if (outcome.delivered) result.delivered.push(record.id);
    else result.failed.push({ id: record.id, reason: outcome.reason, retryable: outcome.retryable });
  });
  return result;
}

class ElasticBulkShipper implements Shipper {
  readonly kind = 'elastic_bulk';

  constructor(private readonly config: ElasticBulkConfig) {}

  /** Each record's two lines end with their own newline (NDJSON). */
  readonly separator = '';

  encode(record: ShippableAudit): string {
    return bulkLines(record, this.config.format);
  }

  ship(batch: readonly ShippableAudit[]): Promise<ShipResult> {
    return this.send(encodeAll(this, batch));
  }

  async send(batch: readonly EncodedRecord[]): Promise<ShipResult> {
    if (batch.length === 0) return allDelivered(batch);
    const reply = await send('Elasticsearch', {
      url: joinUrl(this.config.url, `${encodeURIComponent(this.config.index)}/_bulk`),
      headers: { ...elasticAuthHeader(this.config.auth), 'Content-Type': 'application/x-ndjson' },
      body: joinBytes(
        batch.map((r) => r.bytes),
        NOTHING,
      ),
      timeoutMs: this.config.timeoutMs,
    });
    if (reply.status !== 200) throw statusError('Elasticsearch', reply);
    return bulkResult(batch, bulkItems(reply, batch.length));
  }

  /** `GET /_security/_authenticate` checks the credentials without touching any index. */
  async test(): Promise<void> {
    const reply = await send('Elasticsearch', {
      url: joinUrl(this.config.url, '_security/_authenticate'),
      method: 'GET',
      headers: elasticAuthHeader(this.config.auth),
      timeoutMs: this.config.timeoutMs,
    });
    if (reply.status !== 200) throw statusError('Elasticsearch', reply);
  }

  async close(): Promise<void> {}
}

export const elasticBulk = defineShipper({
  kind: 'elastic_bulk',
  configSchema,
  secretFields: ['auth.apiKey', 'auth.password'],
  create: (config) => new ElasticBulkShipper(config),
});
