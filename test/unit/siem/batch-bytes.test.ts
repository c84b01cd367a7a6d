import { describe, expect, it } from 'vitest';
import { BatchBytes, SlabPool, joinBytes } from '../../../workers/siem/batch-bytes.js';

const NL = Buffer.from('\n');
const text = (parts: Buffer[]) => parts.map((p) => p.toString('utf8'));

describe('batch bytes', () => {
  it('lays a batch out so its body is exactly the records joined by the separator', () => {
    const bytes = new BatchBytes(new SlabPool(1000), '\n');
    const records = ['{"a":1}', '{"name":"Zoë Müller 😀"}', Buffer.from('{"b":2}')].map(
      (r, i) => bytes.add(`r${i}`, r)!.bytes,
    );
    expect(text(records)).toEqual(['{"a":1}', '{"name":"Zoë Müller 😀"}', '{"b":2}']);
    expect(joinBytes(records, NL).toString('utf8')).toBe('{"a":1}\n{"name":"Zoë Müller 😀"}\n{"b":2}');
    expect(joinBytes(records, NL, true).toString('utf8')).toBe('{"a":1}\n{"name":"Zoë Müller 😀"}\n{"b":2}\n');
  });

  it('refuses a record once its bytes and separator no longer fit, multi-byte characters counted', () => {
    const bytes = new BatchBytes(new SlabPool(12), '\n');
    expect(bytes.add('1', 'ééé')?.bytes.toString()).toBe('ééé'); // 6 bytes + newline
    expect(bytes.add('2', 'éé€')).toBeUndefined(); // 7 bytes + newline > the 5 left
    expect(bytes.add('3', 'éé')).toMatchObject({ id: '3' }); // 4 bytes + newline: exactly full
    expect(bytes.add('4', 'a')).toBeUndefined();
  });

  it('joins a subset of a batch (a retry) and parts from anywhere by copying', () => {
    const bytes = new BatchBytes(new SlabPool(100), ',');
    const [a, , c] = ['aa', 'bb', 'cc'].map((r) => bytes.add(r, r)!.bytes);
    expect(joinBytes([a, c], Buffer.from(',')).toString()).toBe('aa,cc');
    expect(joinBytes([c, a], Buffer.from(',')).toString()).toBe('cc,aa');
    expect(joinBytes([Buffer.from('x'), Buffer.from('y')], NL, true).toString()).toBe('x\ny\n');
    expect(joinBytes([], NL)).toHaveLength(0);
  });

  it('hands a released buffer to the next batch, and refuses to write to a released one', () => {
    const pool = new SlabPool(64);
    const first = new BatchBytes(pool, '\n');
    const a = first.add('1', 'first batch')!.bytes;
    first.release();
    expect(() => first.add('2', 'late')).toThrow(/after release/);
    const second = new BatchBytes(pool, '\n');
    const b = second.add('3', 'second')!.bytes;
    expect(b.buffer).toBe(a.buffer);
    expect(b.toString()).toBe('second');
  });

  it('copies adjacent parts whose gap holds something other than the separator', () => {
    const shared = Buffer.from('aa|bb');
    expect(joinBytes([shared.subarray(0, 2), shared.subarray(3, 5)], NL).toString()).toBe('aa\nbb');
  });

  it('ships a record too large for a batch alone, with its trailing separator, whatever buffer holds it', () => {
    const large = Buffer.from(`{"x":"${'a'.repeat(5000)}"}`); // its own ArrayBuffer, of exactly its size
    const body = joinBytes([large], NL, true);
    expect(body.length).toBe(large.length + 1);
    expect(body.at(-1)).toBe(NL[0]);
    // A small one lies in Node's shared pool, which may hold a newline right after it that belongs
    // to another buffer: the body is a copy, so nothing written there later can change it.
    const pool = Buffer.from('{"y":1}\n');
    const part = pool.subarray(0, 7);
    const joined = joinBytes([part], NL, true);
    pool[7] = 0x21; // the other buffer's owner writes its byte
    expect(joined.toString()).toBe('{"y":1}\n');
  });
});
