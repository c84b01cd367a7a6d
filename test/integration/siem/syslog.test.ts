import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createShipper } from '../../../workers/siem/shippers/index.js';
import type { ShipError, Shipper } from '../../../workers/siem/shipper.js';
import { auditBatch, auditRecord } from '../../helpers/siem/records.js';
import { recordId, startRsyslog, waitFor, type ReceivedSyslog, type Rsyslog } from '../../helpers/siem/rsyslog.js';
import { shipError } from '../../helpers/siem/ship-error.js';
import { startTcpSink, type TcpSink } from '../../helpers/siem/tcp-sink.js';

const SD = 'roster@32473';
const UNICODE = 'Zoë Ünïcødé 日本';

function jsonBody(line: ReceivedSyslog): Record<string, any> {
  expect(line.msg.startsWith('\uFEFF')).toBe(true);
  return JSON.parse(line.msg.slice(1));
}

describe('syslog shipper against a real rsyslogd', () => {
  let rsyslog: Rsyslog;
  const open: Shipper[] = [];
  const make = (config: Record<string, unknown>) => {
    const shipper = createShipper('syslog', { host: '127.0.0.1', hostname: 'roster-test', ...config });
    open.push(shipper);
    return shipper;
  };
  const tls = (extra: Record<string, unknown> = {}) => ({ ca: rsyslog.certs.ca, ...extra });
  const clientCert = () => ({ cert: rsyslog.certs.clientCert, key: rsyslog.certs.clientKey });

  beforeAll(async () => {
    rsyslog = await startRsyslog();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await rsyslog?.stop();
  });

  it('delivers RFC 5424 frames over plain TCP that rsyslog parses into header and structured-data fields', async () => {
    const shipper = make({ port: rsyslog.ports.tcp });
    const batch = auditBatch(3);
    expect((await shipper.ship(batch)).delivered).toEqual(batch.map((r) => r._id));
    const lines = await rsyslog.waitForIds(batch.map((r) => r._id));
    expect(lines[0]).toMatchObject({
      inputname: 'tcp-plain',
      pri: '86',
      hostname: 'roster-test',
      'app-name': 'roster',
      msgid: 'user.created',
      timestamp: '2026-03-01T12:00:00.123Z',
    });
    expect(lines[0].sd?.[SD]).toEqual({
      id: batch[0]._id,
      tenant: 'acme',
      action: 'user.created',
      category: 'iam',
      outcome: 'success',
      actor: 'scim_token:tok_1',
      target: 'user:usr_1',
      seq: String(batch[0].seq),
      src: '203.0.113.7',
      request_id: 'req_1',
    });
    expect(jsonBody(lines[2]).event).toMatchObject({ id: batch[2]._id, action: 'user.created', outcome: 'success' });
  });

  it('keeps one connection across batches', async () => {
    const shipper = make({ port: rsyslog.ports.tcp });
    const first = auditBatch(1);
    const second = auditBatch(1);
    await shipper.ship(first);
    await shipper.ship(second);
    const lines = await rsyslog.waitForIds([first[0]._id, second[0]._id]);
    expect(lines).toHaveLength(2);
  });

  it('delivers CEF payloads over TLS (RFC 5425) to a receiver whose certificate the CA vouches for', async () => {
    const shipper = make({ port: rsyslog.ports.tls, tls: tls(), payload: 'cef', testGraceMs: 200 });
    await shipper.test();
    const record = auditRecord({
      action: 'user.login_failed',
      outcome: 'denied',
      reason: 'saml_user_inactive: user x=1 is deactivated',
    });
    await shipper.ship([record]);
    const [line] = await rsyslog.waitForIds([record._id]);
    expect(line).toMatchObject({ inputname: 'tcp-tls', pri: '84', msgid: 'user.login_failed' });
    expect(line.msg).toMatch(/^CEF:0\|Roster\|Roster\|[^|]+\|user\.login_failed\|a SAML login was refused\|6\|/);
    expect(line.msg).toContain(`externalId=${record._id}`);
    expect(line.msg).toContain('reason=saml_user_inactive: user x\\=1 is deactivated');
  });

  it('delivers over mutual TLS with a client certificate', async () => {
    const shipper = make({ port: rsyslog.ports.mtls, tls: tls(clientCert()), testGraceMs: 200 });
    await shipper.test();
    const batch = auditBatch(2);
    await shipper.ship(batch);
    const lines = await rsyslog.waitForIds(batch.map((r) => r._id));
    expect(lines.map((l) => l.inputname)).toEqual(['tcp-mtls', 'tcp-mtls']);
  });

  it('keeps a multi-byte UTF-8 message intact and the frame after it uncorrupted', async () => {
    const shipper = make({ port: rsyslog.ports.tls, tls: tls() });
    const unicode = auditRecord({ actor: { type: 'user', id: UNICODE }, details: { userName: UNICODE } });
    const next = auditRecord({ action: 'group.created', target: { type: 'group', id: 'grp_after' } });
    await shipper.ship([unicode, next]);
    const [first, second] = await rsyslog.waitForIds([unicode._id, next._id]);
    expect(first.sd?.[SD].actor).toBe(`user:${UNICODE}`);
    expect(jsonBody(first).user).toMatchObject({ id: UNICODE, target: { name: UNICODE } });
    expect(second).toMatchObject({ hostname: 'roster-test', 'app-name': 'roster', msgid: 'group.created' });
    expect(second.sd?.[SD]).toMatchObject({ id: next._id, target: 'group:grp_after' });
    expect(jsonBody(second).event.id).toBe(next._id);
    // Nothing else arrived carrying either record (a miscounted frame would split into extra messages).
    const mine = rsyslog.received().filter((l) => l.msg.includes(unicode._id) || l.msg.includes(next._id));
    expect(mine).toHaveLength(2);
  });

  it('is refused by the mutual-TLS input without a client certificate: the message never lands', async () => {
    const refused = auditRecord();
    const anonymous = make({ port: rsyslog.ports.mtls, tls: tls() });
    // TLS 1.3 finishes the client's handshake before the server checks the certificate, so the
    // write may appear to succeed: only the receiver knows (the documented limit of syslog).
    await anonymous.ship([refused]).catch(() => undefined);
    const accepted = auditRecord();
    await make({ port: rsyslog.ports.mtls, tls: tls(clientCert()) }).ship([accepted]);
    await rsyslog.waitForIds([accepted._id]);
    expect(rsyslog.received().some((l) => recordId(l) === refused._id)).toBe(false);
    // The connection test is how a stream admin finds out before records go missing.
    const probe = make({ port: rsyslog.ports.mtls, tls: tls() });
    expect(await shipError(probe.test())).toMatchObject({
      auth: true,
      retryable: false,
      message: expect.stringMatching(/client certificate/),
    });
    await waitFor(
      () => (rsyslog.internalLog().includes('peer did not provide a certificate') ? true : undefined),
      10_000,
      'rsyslogd to log the refusal',
    );
  });

  it('fails permanently when the receiver certificate is not trusted', async () => {
    const shipper = make({ port: rsyslog.ports.tls, tls: {} });
    const err = await shipError(shipper.ship(auditBatch(1)));
    expect(err).toMatchObject({ retryable: false, auth: false });
    expect(err.message).toMatch(/syslog connect/);
  });
});

describe('syslog shipper connection handling', () => {
  let sink: TcpSink;
  beforeEach(async () => {
    sink = await startTcpSink();
  });
  afterEach(() => sink.close());

  it('opens a new connection for the next batch after the receiver closed the old one', async () => {
    const shipper = createShipper('syslog', { host: '127.0.0.1', port: sink.port });
    const [a, b, c] = auditBatch(3);
    await shipper.ship([a]);
    await shipper.ship([b]);
    await waitFor(() => (sink.frames.length === 2 ? true : undefined), 5_000, 'two frames');
    expect(sink.connections).toBe(1);
    await sink.dropConnections();
    // The loop retries a retryable failure; a batch is either written on a fresh connection or refused.
    await shipper.ship([c]).catch(async (err: ShipError) => {
      expect(err.retryable).toBe(true);
      await shipper.ship([c]);
    });
    await waitFor(() => (sink.frames.some((f) => f.includes(c._id)) ? true : undefined), 5_000, 'the third frame');
    expect(sink.connections).toBe(2);
    await shipper.close();
  });

  it('refuses a batch retryably when nothing listens', async () => {
    const port = sink.port;
    await sink.close();
    const shipper = createShipper('syslog', { host: '127.0.0.1', port });
    const err = await shipError(shipper.ship(auditBatch(1)));
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/ECONNREFUSED/);
  });
});
