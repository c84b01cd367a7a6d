// Splunk HTTP Event Collector. Wire format from the Splunk docs "Format events for HTTP Event
// Collector" (event envelopes concatenated in one body, not a JSON array), "HTTP Event Collector
// REST API endpoints" and "About HTTP Event Collector Indexer Acknowledgment" (channel header,
// ackId, POST /services/collector/ack). Error codes: "Troubleshoot HTTP Event Collector".
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { joinBytes } from '../batch-bytes.js';
import { jsonPayloadText } from '../formats/json-payload.js';
import { joinUrl, send, snippet, statusError, type HttpReply } from '../http.js';
import { ShipError, allDelivered, encodeAll, type EncodedRecord, type ShipResult, type Shipper } from '../shipper.js';
import { categoryOf, type ShippableAudit } from '../siem-record.js';
import { httpUrl, jsonFormat, secret, timeoutMs } from './config-parts.js';
import { defineShipper } from './define.js';

const configSchema = z.strictObject({
  url: httpUrl,
  token: secret('the HEC token'),
  index: z.string().min(1).optional(),
  source: z.string().min(1).default('roster'),
  sourcetype: z.string().min(1).default('roster:audit'),
  host: z.string().min(1).optional(),
  format: jsonFormat.default('ecs'),
  gzip: z.boolean().default(false),
  /** Indexed fields (tenant, category, outcome) next to the event: searchable with `tenant::acme`. */
  indexedFields: z.boolean().default(false),
  ack: z.boolean().default(false),
  ackTimeoutMs: timeoutMs.default(30_000),
  ackPollMs: z.number().int().min(10).max(10_000).default(500),
  timeoutMs: timeoutMs.default(10_000),
});
export type SplunkHecConfig = z.output<typeof configSchema>;

/** The config with its defaults, for callers that build envelopes themselves (bench/siem.ts). */
export const parseSplunkHecConfig = (input: unknown): SplunkHecConfig => configSchema.parse(input);

const NEWLINE = Buffer.from('\n');

/** HEC codes that blame the events themselves (not the token, index or channel). */
const EVENT_CODES = new Set([6, 12, 13, 15]);

/**
 * One HEC event envelope as JSON text, written field by field: the same text as JSON.stringify of
 * { time, host, source, sourcetype, index?, event, fields? }, without building that object (the
 * payload is already text, see jsonPayloadText). The body joins envelopes with newlines.
 */
export function hecEnvelope(record: ShippableAudit, config: SplunkHecConfig, host: string): string {
  const fields = config.indexedFields
    ? `,"fields":${JSON.stringify({
        tenant: record.tenantId,
        category: categoryOf(record.action),
        outcome: record.outcome,
      })}`
    : '';
  const time = JSON.stringify(Date.parse(record.time) / 1000);
  return `{"time":${time},${envelopeHead(config, host)}"event":${jsonPayloadText(record, config.format)}${fields}}`;
}

let head: { config?: SplunkHecConfig; host?: string; text: string } = { text: '' };

/** `"host":…,"source":…,"sourcetype":…,("index":…,)`: the same for every record of a stream. */
function envelopeHead(config: SplunkHecConfig, host: string): string {
  if (head.config === config && head.host === host) return head.text;
  const index = config.index ? `"index":${JSON.stringify(config.index)},` : '';
  const text =
    `"host":${JSON.stringify(host)},"source":${JSON.stringify(config.source)},` +
    `"sourcetype":${JSON.stringify(config.sourcetype)},${index}`;
  head = { config, host, text };
  return text;
}

function hecBody(reply: HttpReply): {
  code?: number;
  text?: string;
  ackId?: number;
  'invalid-event-number'?: number;
  acks?: Record<string, boolean>;
} {
  try {
    return JSON.parse(reply.text);
  } catch {
    return {};
  }
}

/**
 * A 400 about event content: the offending event is a permanent failure; the others are retryable
 * (HEC may or may not have indexed the events before it, so resending them is at-least-once).
 */
function eventContentResult(batch: readonly EncodedRecord[], reply: HttpReply): ShipResult {
  const body = hecBody(reply);
  const bad = body['invalid-event-number'];
  const reason = `Splunk HEC rejected the event (code ${body.code}: ${body.text ?? snippet(reply.text)})`;
  return {
    delivered: [],
    failed: batch.map((r, i) =>
      bad === undefined || bad === i
        ? { id: r.id, reason, retryable: false }
        : { id: r.id, reason: `sent in a batch HEC rejected at event ${bad}`, retryable: true },
    ),
  };
}

class SplunkHecShipper implements Shipper {
  readonly kind = 'splunk_hec';
  private readonly channel = randomUUID();
  private readonly host: string;

  constructor(private readonly config: SplunkHecConfig) {
    this.host = config.host ?? hostname();
  }

  /** Envelopes are joined with newlines (one JSON object per line, as the HEC docs show them). */
  readonly separator = '\n';

  encode(record: ShippableAudit): string {
    return hecEnvelope(record, this.config, this.host);
  }

  private body(batch: readonly EncodedRecord[]): Buffer {
    return joinBytes(
      batch.map((r) => r.bytes),
      NEWLINE,
    );
  }

  private headers(): Record<string, string> {
    return {
      Authorization: `Splunk ${this.config.token}`,
      'Content-Type': 'application/json',
      ...(this.config.gzip ? { 'Content-Encoding': 'gzip' } : {}),
      ...(this.config.ack ? { 'X-Splunk-Request-Channel': this.channel } : {}),
    };
  }

  private post(path: string, body: string | Buffer): Promise<HttpReply> {
    const payload = this.config.gzip ? gzipSync(body) : body;
    return send('Splunk HEC', {
      url: joinUrl(this.config.url, path),
      headers: this.headers(),
      body: payload,
      timeoutMs: this.config.timeoutMs,
    });
  }

  ship(batch: readonly ShippableAudit[]): Promise<ShipResult> {
    return this.send(encodeAll(this, batch));
  }

  async send(batch: readonly EncodedRecord[]): Promise<ShipResult> {
    if (batch.length === 0) return allDelivered(batch);
    const reply = await this.post('services/collector/event', this.body(batch));
    if (reply.status === 400 && EVENT_CODES.has(hecBody(reply).code ?? -1)) return eventContentResult(batch, reply);
    if (reply.status !== 200) throw statusError('Splunk HEC', reply, hecMessage(reply));
    if (this.config.ack) await this.awaitAck(hecBody(reply).ackId);
    return allDelivered(batch);
  }

  /** Polls the ack endpoint until the indexers confirm the batch or the ack deadline passes. */
  private async awaitAck(ackId: number | undefined): Promise<void> {
    if (ackId === undefined)
      throw new ShipError('Splunk HEC returned no ackId: is indexer acknowledgement enabled on the token?', {
        retryable: false,
      });
    const deadline = Date.now() + this.config.ackTimeoutMs;
    for (;;) {
      const reply = await this.post(
        `services/collector/ack?channel=${encodeURIComponent(this.channel)}`,
        JSON.stringify({ acks: [ackId] }),
      );
      if (reply.status !== 200) throw statusError('Splunk HEC ack', reply, hecMessage(reply));
      if (hecBody(reply).acks?.[String(ackId)] === true) return;
      if (Date.now() + this.config.ackPollMs > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, this.config.ackPollMs));
    }
    throw new ShipError(`Splunk HEC did not acknowledge ackId ${ackId} within ${this.config.ackTimeoutMs} ms`, {
      retryable: true,
    });
  }

  /** An empty POST authenticates the token: HEC answers 400 code 5 "No data" when it is valid. */
  async test(): Promise<void> {
    const reply = await this.post('services/collector/event', '');
    if (reply.status === 200 || (reply.status === 400 && hecBody(reply).code === 5)) return;
    throw statusError('Splunk HEC', reply, hecMessage(reply));
  }

  async close(): Promise<void> {}
}

function hecMessage(reply: HttpReply): string {
  const body = hecBody(reply);
  return body.code === undefined ? snippet(reply.text) : `code ${body.code}: ${body.text ?? ''}`.trim();
}

export const splunkHec = defineShipper({
  kind: 'splunk_hec',
  configSchema,
  secretFields: ['token'],
  create: (config) => new SplunkHecShipper(config),
});
