import { describe, expect, it } from 'vitest';
import { escapeSdValue, frameOctetCounted, isSdName, toRfc5424 } from '../../../workers/siem/formats/rfc5424.js';
import { auditRecord } from '../../helpers/siem/records.js';

const opts = { hostname: 'roster-1', procId: '42' } as const;

describe('RFC 5424 format', () => {
  it("writes PRI, version, header fields and Roster's structured data element", () => {
    const msg = toRfc5424(auditRecord({ _id: 'aud_1', seq: 9 }), { ...opts, payload: 'cef' });
    // authpriv (10) * 8 + informational (6) = 86
    expect(
      msg.startsWith(
        '<86>1 2026-03-01T12:00:00.123Z roster-1 roster 42 user.created ' +
          '[roster@32473 id="aud_1" tenant="acme" action="user.created" category="iam" outcome="success" ' +
          'actor="scim_token:tok_1" target="user:usr_1" seq="9" src="203.0.113.7" request_id="req_1"] CEF:0|Roster|',
      ),
    ).toBe(true);
  });

  it('takes the severity from the outcome and the facility from the options', () => {
    expect(toRfc5424(auditRecord({ outcome: 'failure' }), { ...opts, facility: 13 })).toMatch(/^<109>1 /);
    expect(toRfc5424(auditRecord({ outcome: 'denied' }), opts)).toMatch(/^<84>1 /);
    expect(() => toRfc5424(auditRecord(), { facility: 24 })).toThrow(/0–23/);
  });

  it('starts a JSON MSG with the UTF-8 BOM (§6.4) and a CEF MSG without it', () => {
    const json = toRfc5424(auditRecord(), { ...opts, payload: 'ecs' });
    const body = json.slice(json.indexOf('] ') + 2);
    expect(body.startsWith('\uFEFF{')).toBe(true);
    expect(JSON.parse(body.slice(1)).event.action).toBe('user.created');
    expect(toRfc5424(auditRecord(), { ...opts, payload: 'cef' })).toContain('] CEF:0|');
  });

  it('escapes quote, backslash and closing bracket in SD-PARAM values (§6.3.3)', () => {
    expect(escapeSdValue('a"b\\c]d')).toBe('a\\"b\\\\c\\]d');
    const msg = toRfc5424(auditRecord({ tenantId: 'ac"me]' }), opts);
    expect(msg).toContain('tenant="ac\\"me\\]"');
  });

  it('keeps header fields printable US-ASCII within their lengths, NILVALUE when empty', () => {
    const msg = toRfc5424(auditRecord({ action: 'connector.sync_failed_because_of_a_very_long_reason' as never }), {
      ...opts,
      hostname: 'hôst name',
    });
    const [, , host, , , msgid] = msg.split(' ');
    expect(host).toBe('hstname');
    expect(msgid).toBe('connector.sync_failed_because_of');
    expect(msgid.length).toBe(32);
    expect(toRfc5424(auditRecord(), { ...opts, hostname: 'ü' }).split(' ')[2]).toBe('-');
  });

  it('rejects an SD-ID that is not a valid SD-NAME', () => {
    expect(isSdName('roster@32473')).toBe(true);
    expect(isSdName('bad name')).toBe(false);
    expect(() => toRfc5424(auditRecord(), { sdId: 'a=b@1' })).toThrow(/SD-ID/);
  });

  it('counts octets, not characters, in the RFC 6587 frame length', () => {
    const text = 'Zoë Ünïcødé 日本';
    const frame = frameOctetCounted(text);
    const [len] = frame.toString('utf8').split(' ', 1);
    expect(Number(len)).toBe(Buffer.byteLength(text, 'utf8'));
    expect(Number(len)).toBeGreaterThan(text.length);
    expect(frame.subarray(len.length + 1).toString('utf8')).toBe(text);
  });
});
