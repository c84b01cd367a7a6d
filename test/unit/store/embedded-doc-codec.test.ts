import { describe, expect, it } from 'vitest';
import { decodeDoc, encodeJson } from '../../../src/store/embedded/doc-codec.js';

// How the embedded engine stores documents as JSON text (src/store/embedded/doc-codec.ts): a Date
// becomes {"$date": ISO} wherever it sits and comes back as a Date.

const at = new Date('2026-12-01T10:11:12.345Z');
const box = { $date: at.toISOString() };

describe('embedded document codec', () => {
  it('boxes a Date at the top level, in nested objects and in arrays, and decodes each back', () => {
    const doc = { _id: 'a', expiresAt: at, meta: { seenAt: at, n: 1 }, list: [1, at, { at }] };
    expect(JSON.parse(encodeJson(doc))).toEqual({
      _id: 'a',
      expiresAt: box,
      meta: { seenAt: box, n: 1 },
      list: [1, box, { at: box }],
    });
    expect(decodeDoc(encodeJson(doc))).toEqual(doc);
    expect(encodeJson(at)).toBe(JSON.stringify(box));
  });

  it("leaves the caller's document as it was", () => {
    const doc = { expiresAt: at, nested: { at }, list: [at] };
    encodeJson(doc);
    expect(doc.expiresAt).toBe(at);
    expect(doc.nested.at).toBe(at);
    expect(doc.list[0]).toBe(at);
  });

  it('encodes a document without Dates exactly as JSON.stringify does', () => {
    const doc = { _id: 'u', skip: undefined, list: [1, 'two', null, { x: true }], name: { given: 'Ada' } };
    expect(encodeJson(doc)).toBe(JSON.stringify(doc));
  });

  it('boxes Dates held by values that are not plain data, as before', () => {
    class Holder {
      constructor(readonly at: Date) {}
    }
    expect(JSON.parse(encodeJson({ held: new Holder(at) }))).toEqual({ held: { at: box } });
  });
});
