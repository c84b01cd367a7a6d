// Generic HTTPS push: the Auth0 "custom webhook" / WorkOS "HTTP POST" pattern that Datadog, Sumo,
// Cribl and Elastic HTTP inputs accept. Body: JSON lines (NDJSON, one record per line) or one JSON
// array. Any 2xx means the whole batch was accepted; there is no per-record answer to read.
import { z } from 'zod';
import { joinBytes } from '../batch-bytes.js';
import { jsonPayloadText } from '../formats/json-payload.js';
import { send, statusError } from '../http.js';
import { allDelivered, encodeAll, type EncodedRecord, type ShipResult, type Shipper } from '../shipper.js';
import type { ShippableAudit } from '../siem-record.js';
import { httpUrl, jsonFormat, timeoutMs } from './config-parts.js';
import { defineShipper } from './define.js';
import { webhookAuth, webhookAuthHeader } from './http-auth.js';

const configSchema = z.strictObject({
  url: httpUrl,
  auth: webhookAuth.default({ type: 'none' }),
  body: z.enum(['ndjson', 'array'], { error: 'expected body ndjson or array' }).default('ndjson'),
  format: jsonFormat.default('ecs'),
  timeoutMs: timeoutMs.default(10_000),
});
export type HttpJsonConfig = z.output<typeof configSchema>;

const CONTENT_TYPES = { ndjson: 'application/x-ndjson', array: 'application/json' } as const;

const SEPARATORS = { ndjson: '\n', array: ',' } as const;
const BYTE = { open: Buffer.from('['), close: Buffer.from(']'), ndjson: Buffer.from('\n'), array: Buffer.from(',') };

/** The body: each document followed by a newline (NDJSON), or all of them in one JSON array. */
function body(batch: readonly EncodedRecord[], config: HttpJsonConfig): Buffer {
  const docs = batch.map((r) => r.bytes);
  if (config.body === 'ndjson') return joinBytes(docs, BYTE.ndjson, true);
  return Buffer.concat([BYTE.open, joinBytes(docs, BYTE.array), BYTE.close]);
}

class HttpJsonShipper implements Shipper {
  readonly kind = 'http_json';

  constructor(private readonly config: HttpJsonConfig) {
    this.separator = SEPARATORS[config.body];
  }

  private post(payload: Buffer) {
    return send('HTTP endpoint', {
      url: this.config.url,
      body: payload,
      timeoutMs: this.config.timeoutMs,
      headers: { ...webhookAuthHeader(this.config.auth), 'Content-Type': CONTENT_TYPES[this.config.body] },
    });
  }

  readonly separator: string;

  encode(record: ShippableAudit): string {
    return jsonPayloadText(record, this.config.format);
  }

  ship(batch: readonly ShippableAudit[]): Promise<ShipResult> {
    return this.send(encodeAll(this, batch));
  }

  async send(batch: readonly EncodedRecord[]): Promise<ShipResult> {
    if (batch.length === 0) return allDelivered(batch);
    const reply = await this.post(body(batch, this.config));
    if (reply.status < 200 || reply.status >= 300) throw statusError('HTTP endpoint', reply);
    return allDelivered(batch);
  }

  /**
   * Posts an empty batch. Only what proves the endpoint unusable fails the test: no connection,
   * rejected credentials (401/403) or a server error; a 4xx about the empty body means it is there.
   */
  async test(): Promise<void> {
    const reply = await this.post(body([], this.config));
    if (reply.status === 401 || reply.status === 403 || reply.status >= 500) throw statusError('HTTP endpoint', reply);
  }

  async close(): Promise<void> {}
}

export const httpJson = defineShipper({
  kind: 'http_json',
  configSchema,
  secretFields: ['auth.token', 'auth.value'],
  create: (config) => new HttpJsonShipper(config),
});
