import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuditFixture, auditFixture } from './audit-fixture.js';

async function download(f: AuditFixture, query: string) {
  const response = await fetch(`${f.url}/v1/audit/export?${query}`, {
    headers: { authorization: `Bearer ${f.adminKey}` },
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

describe('GET /v1/audit/export: the whole filtered trail, streamed as NDJSON or CSV', () => {
  let f: AuditFixture;
  beforeEach(async () => {
    f = await auditFixture();
  });
  afterEach(() => f.close());

  it('streams every match as NDJSON, more records than one store batch, in the asked order', async () => {
    const actor = { type: 'user' as const, id: 'usr_bulk' };
    const n = 1203;
    const entries = Array.from({ length: n }, (_, i) => ({ actor, target: { type: 'user', id: `u${i}` } }));
    await f.audit(...entries);
    const reply = await download(f, 'format=ndjson&actor=usr_bulk&order=asc');
    expect(reply.status).toBe(200);
    expect(reply.type).toContain('application/x-ndjson');
    const lines = reply.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((r) => r.target.id)).toEqual(entries.map((e) => e.target.id));
    expect(new Set(lines.map((r) => r.id)).size).toBe(n);
  });

  it('writes CSV per RFC 4180: a header, CRLF records, quoted commas, quotes and line breaks', async () => {
    const reason = 'denied: "tool", not shared,\r\nsee ACL\nthen ünïcode';
    await f.audit({
      actor: { type: 'user', id: 'usr_csv' },
      action: 'access.denied',
      outcome: 'denied',
      target: { type: 'tool', id: 'a,b' },
      reason,
      sourceIp: '10.0.0.7',
      details: { permission: 'tool:use' },
    });
    const reply = await download(f, 'format=csv&actor=usr_csv');
    expect(reply.status).toBe(200);
    expect(reply.type).toContain('text/csv');
    expect(reply.text.endsWith('\r\n')).toBe(true);
    const [header, row, ...rest] = parseCsv(reply.text);
    expect(rest).toEqual([]);
    const record = Object.fromEntries(header.map((h, i) => [h, row[i]]));
    expect(record).toMatchObject({
      action: 'access.denied',
      outcome: 'denied',
      actor_type: 'user',
      actor_id: 'usr_csv',
      target_type: 'tool',
      target_id: 'a,b',
      reason,
      source_ip: '10.0.0.7',
    });
    expect(JSON.parse(record.details)).toEqual({ permission: 'tool:use' });
  });

  it('checks its parameters before it starts writing', async () => {
    expect(await download(f, 'format=xml')).toMatchObject({ status: 400 });
    expect(JSON.parse((await download(f, 'format=csv&limit=10')).text)).toMatchObject({ parameter: 'limit' });
    expect(JSON.parse((await download(f, 'format=csv&from=soon')).text)).toMatchObject({ parameter: 'from' });
  });
});
