import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeliveryFixture, type DeliveryFixture } from '../../helpers/siem/delivery-fixture.js';
import { recordId, startRsyslog, type Rsyslog } from '../../helpers/siem/rsyslog.js';

// The real delivery loop shipping to a real rsyslogd over TLS (RFC 5425) and mutual TLS:
// octet-counted RFC 5424 frames whose header and structured data rsyslog parses, UTF-8 intact.

const SD = 'roster@32473';
const UNICODE = 'Zoë Ünïcødé 日本 🚀';

describe('SIEM delivery to rsyslog', () => {
  let f: DeliveryFixture;
  let rsyslog: Rsyslog;

  beforeAll(async () => {
    rsyslog = await startRsyslog();
    f = await startDeliveryFixture();
  });
  afterAll(async () => {
    await f?.close();
    await rsyslog?.stop();
  });

  for (const mode of ['tls', 'mtls'] as const) {
    const over = mode === 'tls' ? 'TLS' : 'mutual TLS';
    it(`delivers parsed RFC 5424 frames with multi-byte UTF-8 over ${over}`, async () => {
      const tenantId = await f.tenant(`siem-syslog-${mode}`);
      const tls =
        mode === 'tls'
          ? { ca: rsyslog.certs.ca }
          : { ca: rsyslog.certs.ca, cert: rsyslog.certs.clientCert, key: rsyslog.certs.clientKey };
      await f.stream(tenantId, {
        name: 'rsyslog',
        kind: 'syslog',
        config: { host: '127.0.0.1', port: rsyslog.ports[mode], tls, hostname: 'roster-test' },
      });
      await f.writeAudit(tenantId, 3, 3, {
        action: 'user.login_failed',
        target: { type: 'user', id: 'usr_utf8' },
        outcome: 'failure',
        reason: UNICODE,
        details: { userName: UNICODE },
      });
      const ids = (
        await f.runtime.store
          .collection('auditEvents')
          .find({ tenantId, action: 'user.login_failed' }, { sort: { seq: 1 } })
      ).map((d) => d._id);
      const lines = await rsyslog.waitForIds(ids, 20_000);
      expect(lines.map(recordId)).toEqual(ids);
      for (const line of lines) {
        expect(line).toMatchObject({
          inputname: mode === 'tls' ? 'tcp-tls' : 'tcp-mtls',
          'app-name': 'roster',
          msgid: 'user.login_failed',
        });
        expect(line.sd?.[SD]).toMatchObject({ tenant: tenantId, action: 'user.login_failed', outcome: 'failure' });
        expect(line.msg).toContain(UNICODE);
      }
    });
  }
});
