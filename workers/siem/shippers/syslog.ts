// Syslog over TCP (RFC 6587) or TLS (RFC 5425), RFC 5424 messages framed by octet counting
// (RFC 6587 §3.4.1, the framing RFC 5425 §4.3 requires). One connection is kept across batches and
// reopened after an error.
//
// Delivery means "written to the socket": syslog has no application-level acknowledgement, so
// `ship` resolves once the kernel accepted the bytes (the write callback). If the connection dies
// before that, the whole batch is a retryable failure and will be resent (at-least-once). Bytes
// accepted by the kernel of a connection the receiver then drops (for instance a TLS 1.3 server
// refusing the client certificate after the handshake) cannot be detected by the sender.
import { readFileSync } from 'node:fs';
import { isIP, connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { z } from 'zod';
import { RosterError } from '../../../src/errors/index.js';
import { joinBytes } from '../batch-bytes.js';
import { toRfc5424, frameOctetCounted, isSdName, DEFAULT_SD_ID } from '../formats/rfc5424.js';
import { ShipError, allDelivered, encodeAll, type EncodedRecord, type ShipResult, type Shipper } from '../shipper.js';
import type { ShippableAudit } from '../siem-record.js';
import { jsonFormat, port, timeoutMs } from './config-parts.js';
import { defineShipper } from './define.js';

const NOTHING = Buffer.alloc(0);

const pem = z.string().includes('-----BEGIN ', { error: 'expected PEM text (-----BEGIN …)' });

const tlsSchema = z
  .strictObject({
    /** Trust anchors for the receiver's certificate: PEM text or a file path. Default: Node's CA store. */
    ca: pem.optional(),
    caFile: z.string().min(1).optional(),
    /** Client certificate and key for mutual TLS (RFC 5425 §5.2 certificate-based authentication). */
    cert: pem.optional(),
    key: pem.optional(),
    rejectUnauthorized: z.boolean().default(true),
    servername: z.string().min(1).optional(),
  })
  .refine((t) => !t.cert === !t.key, { error: 'mutual TLS needs both cert and key' });

const configSchema = z.strictObject({
  host: z.string().min(1, 'expected the receiver host name or address'),
  port: port.optional(),
  tls: tlsSchema.optional(),
  payload: z.enum(['json', 'cef'], { error: 'expected payload json or cef' }).default('json'),
  jsonFormat: jsonFormat.default('ecs'),
  facility: z.number().int().min(0).max(23, 'expected a facility from 0 to 23 (RFC 5424 Table 1)').default(10),
  hostname: z.string().min(1).optional(),
  appName: z.string().min(1).max(48).default('roster'),
  sdId: z
    .string()
    .refine((id) => isSdName(id) && id.includes('@'), 'expected an SD-ID like name@12345 (RFC 5424 §7.2.2)')
    .default(DEFAULT_SD_ID),
  connectTimeoutMs: timeoutMs.default(10_000),
  writeTimeoutMs: timeoutMs.default(30_000),
  /** How long test() watches a fresh connection for the receiver hanging up (a refused client cert). */
  testGraceMs: z.number().int().min(0).max(10_000).default(1_000),
});
export type SyslogConfig = z.output<typeof configSchema>;

/** TLS failures that mean the receiver refused our client certificate (an authentication failure). */
const CLIENT_CERT_REFUSED = /certificate required|bad certificate|unknown ca|certificate unknown|access denied/i;

function failure(err: unknown, what: string): ShipError {
  const e = err as { code?: string; message?: string };
  const reason = `syslog ${what}: ${e?.code ?? ''} ${e?.message ?? String(err)}`.replace(/\s+/g, ' ').trim();
  if (CLIENT_CERT_REFUSED.test(e?.message ?? ''))
    return new ShipError(reason, { retryable: false, auth: true, cause: err });
  // The receiver's certificate did not verify: a configuration problem, not a passing outage.
  const untrusted = /^(ERR_TLS_CERT|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|CERT_)/.test(e?.code ?? '');
  return new ShipError(reason, { retryable: !untrusted, cause: err });
}

function readCaFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new RosterError(
      'invalid_input',
      `tls.caFile: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      { cause: err },
    );
  }
}

/** One record as an octet-counted RFC 5424 frame (RFC 6587 §3.4.1). */
export function syslogFrame(record: ShippableAudit, config: SyslogConfig): Buffer {
  return frameOctetCounted(
    toRfc5424(record, {
      facility: config.facility,
      appName: config.appName,
      sdId: config.sdId,
      payload: config.payload === 'cef' ? ('cef' as const) : config.jsonFormat,
      ...(config.hostname ? { hostname: config.hostname } : {}),
    }),
  );
}

/** The config with its defaults, for callers that frame messages themselves (bench/siem.ts). */
export const parseSyslogConfig = (input: unknown): SyslogConfig => configSchema.parse(input);

class SyslogShipper implements Shipper {
  readonly kind = 'syslog';
  private socket: Socket | undefined;
  private opening: Promise<Socket> | undefined;
  private readonly tlsOptions;

  constructor(private readonly config: SyslogConfig) {
    this.tlsOptions = config.tls && {
      ca: config.tls.ca ?? (config.tls.caFile ? readCaFile(config.tls.caFile) : undefined),
      cert: config.tls.cert,
      key: config.tls.key,
      rejectUnauthorized: config.tls.rejectUnauthorized,
      // SNI carries host names only (RFC 6066 §3); for an address, Node checks the IP SAN itself.
      ...(config.tls.servername
        ? { servername: config.tls.servername }
        : isIP(config.host)
          ? {}
          : { servername: config.host }),
    };
  }

  private get port(): number {
    return this.config.port ?? (this.config.tls ? 6514 : 514);
  }

  private open(): Promise<Socket> {
    const ready = this.tlsOptions ? 'secureConnect' : 'connect';
    const socket = this.tlsOptions
      ? tlsConnect({ host: this.config.host, port: this.port, ...this.tlsOptions })
      : tcpConnect({ host: this.config.host, port: this.port });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => socket.destroy(new Error(`no connection within ${this.config.connectTimeoutMs} ms`)),
        this.config.connectTimeoutMs,
      );
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(failure(err, 'connect'));
      });
      socket.once(ready, () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        this.adopt(socket);
        resolve(socket);
      });
    });
  }

  /** Watches an open socket: whatever ends it (receiver close, reset) makes the next batch reconnect. */
  private adopt(socket: Socket): void {
    socket.setKeepAlive(true);
    socket.on('data', () => {}); // receivers send nothing; reading keeps a FIN from going unnoticed
    const forget = () => {
      if (this.socket === socket) this.socket = undefined;
      socket.destroy();
    };
    socket.on('error', forget).on('end', forget).on('close', forget);
    this.socket = socket;
  }

  private async connection(): Promise<Socket> {
    if (this.socket && !this.socket.destroyed) return this.socket;
    this.opening ??= this.open().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  /** Octet-counted frames carry their own length (RFC 6587 §3.4.1): nothing between them. */
  readonly separator = '';

  encode(record: ShippableAudit): Buffer {
    return syslogFrame(record, this.config);
  }

  /** Resolves when the kernel took every byte; rejects (and drops the socket) if it died first. */
  private write(socket: Socket, bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      const onClose = () => done(new Error('the receiver closed the connection during the write'));
      const timer = setTimeout(
        () => done(new Error(`write not finished within ${this.config.writeTimeoutMs} ms`)),
        this.config.writeTimeoutMs,
      );
      const done = (err?: Error | null) => {
        clearTimeout(timer);
        socket.off('close', onClose);
        if (!err) return resolve();
        socket.destroy();
        reject(failure(err, 'write'));
      };
      socket.once('close', onClose);
      socket.write(bytes, done);
    });
  }

  ship(batch: readonly ShippableAudit[]): Promise<ShipResult> {
    return this.send(encodeAll(this, batch));
  }

  async send(batch: readonly EncodedRecord[]): Promise<ShipResult> {
    if (batch.length === 0) return allDelivered(batch);
    const bytes = joinBytes(
      batch.map((r) => r.bytes),
      NOTHING,
    );
    await this.write(await this.connection(), bytes);
    return allDelivered(batch);
  }

  /**
   * Opens (or reuses) the connection: proves reachability and, with TLS, the receiver's chain. A
   * TLS 1.3 server checks the client certificate after the client's handshake is done and then
   * hangs up (rsyslog: "peer did not provide a certificate"), so test() also watches the new
   * connection for `testGraceMs`: a hang-up then means the receiver refused us.
   */
  async test(): Promise<void> {
    const socket = await this.connection();
    await new Promise<void>((resolve, reject) => {
      const onClose = () => {
        clearTimeout(timer);
        const hint = this.config.tls ? ': it probably refused the client certificate (mutual TLS)' : '';
        reject(
          new ShipError(`syslog receiver closed the connection right after it opened${hint}`, {
            retryable: false,
            auth: !!this.config.tls,
          }),
        );
      };
      const timer = setTimeout(() => {
        socket.off('close', onClose);
        resolve();
      }, this.config.testGraceMs);
      if (socket.destroyed) return onClose();
      socket.once('close', onClose);
    });
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket || socket.destroyed) return;
    // end() flushes what is queued; 'close' also settles it when the receiver resets instead.
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end(() => resolve());
    });
    socket.destroy();
  }
}

export const syslog = defineShipper({
  kind: 'syslog',
  configSchema,
  secretFields: ['tls.key'],
  create: (config) => new SyslogShipper(config),
});
