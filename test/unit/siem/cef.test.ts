import { describe, expect, it } from 'vitest';
import { escapeCefHeader, escapeCefValue, toCef } from '../../../workers/siem/formats/cef.js';
import { auditRecord } from '../../helpers/siem/records.js';

describe('CEF format', () => {
  it('writes the header and the extension keys a SIEM maps to columns', () => {
    const line = toCef(
      auditRecord({
        _id: 'aud_1',
        seq: 5,
        action: 'group.member_added',
        actor: { type: 'user', id: 'usr_admin' },
        target: { type: 'group', id: 'grp_1' },
        details: { userId: 'usr_9' },
      }),
      '1.2.3',
    );
    expect(line).toBe(
      'CEF:0|Roster|Roster|1.2.3|group.member_added|a user was added to a group|3|' +
        'rt=1772366400123 externalId=aud_1 act=group.member_added cat=iam outcome=success ' +
        'suser=usr_admin duser=usr_9 src=203.0.113.7 ' +
        'cs1Label=tenant cs1=acme cs2Label=actorType cs2=user cs3Label=target cs3=group:grp_1 ' +
        'cs4Label=requestId cs4=req_1 cs5Label=group cs5=grp_1 cn1Label=seq cn1=5',
    );
  });

  it('escapes backslash and pipe in header fields and flattens newlines', () => {
    expect(escapeCefHeader('a|b\\c\nd')).toBe('a\\|b\\\\c d');
  });

  it('escapes backslash and equals in extension values and writes newlines as \\n', () => {
    expect(escapeCefValue('k=v\\x\r\ny\nz\r')).toBe('k\\=v\\\\x\\ny\\nz\\r');
    // A pipe needs no escape in the extension.
    expect(escapeCefValue('a|b')).toBe('a|b');
  });

  it('keeps a hostile reason from forging extension keys', () => {
    const line = toCef(auditRecord({ outcome: 'denied', reason: 'x act=user.deleted\nsuser=root' }));
    expect(line).toContain('reason=x act\\=user.deleted\\nsuser\\=root');
    expect(line.split('|')[6]).toBe('6');
    expect(line).not.toContain('\n');
  });

  it('leaves out absent values together with their labels', () => {
    const line = toCef(auditRecord({ target: undefined, requestId: undefined, sourceIp: undefined, seq: undefined }));
    expect(line).not.toMatch(/cs3Label|cs4Label|cs5Label|cn1Label|duser=|src=/);
  });
});
