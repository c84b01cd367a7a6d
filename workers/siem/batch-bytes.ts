// The bytes of one batch, written once into one buffer as the batch is collected: each record's
// encoding followed by the body's separator (HEC and NDJSON a newline, a JSON array a comma), so
// the body of the whole batch, in order, is a view of that buffer: no per-record allocation and
// no copy of a 1 MB body per request. Per-record Buffers plus the concatenated body were about
// 5% of the delivery loop's CPU and two thirds of a backlog drain's array-buffer garbage
// (`node --cpu-prof` and BENCH_SIEM_PARTS=drain of bench/siem.ts). The buffers come from a
// SlabPool and go back to it once the batch is done (delivered, skipped or dropped, every send of
// it settled): a fresh 1 MB buffer per batch left ~65 MiB of dead array buffers in a drain's RSS
// at any time, V8 collecting them only when external memory has grown by its 64 MB step.

import type { EncodedRecord } from './shipper.js';

/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_BYTES_PER_UNIT = 3;

/** Batch buffers of one size, reused: at most two are in use per stream (the batch and the next). */
/**
 * The memory that BatchBytes lays batches out in. Only there does a view past a part's end read
 * what this module wrote; any other buffer (a record too large for a batch, shipped alone, or a
 * slice of Node's shared pool) may end exactly at its part or be followed by someone else's bytes.
 */
const SLABS = new WeakSet<ArrayBufferLike>();

export class SlabPool {
  readonly #free: Buffer[] = [];

  constructor(readonly size: number) {}

  take(): Buffer {
    const slab = this.#free.pop() ?? Buffer.allocUnsafeSlow(this.size);
    SLABS.add(slab.buffer);
    return slab;
  }

  give(buffer: Buffer): void {
    if (buffer.length === this.size && this.#free.length < 2) this.#free.push(buffer);
  }
}

/**
 * A record written into a batch's buffer. Its bytes are a view made when asked for (at send time,
 * garbage at once): a batch lives across young-generation collections and gets promoted, and a
 * view per record held for the batch's life doubled the objects promoted per record.
 */
class WrittenRecord {
  constructor(
    readonly id: string,
    private readonly buffer: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get bytes(): Buffer {
    return this.buffer.subarray(this.start, this.end);
  }
}

export class BatchBytes {
  readonly #pool: SlabPool;
  readonly #separator: Buffer;
  #buffer: Buffer | undefined;
  #used = 0;
  #released = false;

  /** The pool's size bounds the records' bytes plus one separator after each. */
  constructor(pool: SlabPool, separator: string) {
    this.#pool = pool;
    this.#separator = Buffer.from(separator);
  }

  /**
   * Hands the buffer back for the next batch. Only once nothing reads the batch's bytes any more:
   * every send of it has settled (the request written or destroyed) and no retry will follow.
   */
  release(): void {
    if (this.#buffer) this.#pool.give(this.#buffer);
    this.#buffer = undefined;
    this.#released = true;
  }

  /** The record, written into the batch's buffer; undefined when it does not fit in what is left. */
  add(id: string, encoded: string | Buffer): EncodedRecord | undefined {
    if (this.#released) throw new Error('BatchBytes: add after release');
    this.#buffer ??= this.#pool.take();
    const room = this.#buffer.length - this.#used - this.#separator.length;
    if (room <= 0) return undefined;
    const start = this.#used;
    const length = typeof encoded === 'string' ? this.#writeText(encoded, room) : this.#writeBytes(encoded, room);
    if (length === undefined) return undefined;
    this.#separator.copy(this.#buffer, start + length);
    this.#used = start + length + this.#separator.length;
    return new WrittenRecord(id, this.#buffer, start, start + length);
  }

  #writeText(text: string, room: number): number | undefined {
    const buffer = this.#buffer!;
    const written = buffer.write(text, this.#used, room, 'utf8');
    // write() stops before a character that does not fit: with room for one more character left
    // over, the text is all in; only near the end does it take counting the text's bytes.
    if (written + MAX_BYTES_PER_UNIT < room || Buffer.byteLength(text) === written) return written;
    return undefined;
  }

  #writeBytes(bytes: Buffer, room: number): number | undefined {
    if (bytes.length > room) return undefined;
    bytes.copy(this.#buffer!, this.#used);
    return bytes.length;
  }
}

/**
 * The parts joined by `separator` (and one more after the last when `trailing`): a view when the
 * parts already lie that way in one buffer (a whole batch of BatchBytes), else a copy.
 */
export function joinBytes(parts: readonly Buffer[], separator: Buffer, trailing = false): Buffer {
  if (parts.length === 0) return Buffer.alloc(0);
  const view = adjacentView(parts, separator, trailing);
  if (view) return view;
  const pieces: Buffer[] = [];
  for (const part of parts) pieces.push(part, separator);
  if (!trailing) pieces.pop();
  return Buffer.concat(pieces);
}

function adjacentView(parts: readonly Buffer[], separator: Buffer, trailing: boolean): Buffer | undefined {
  const first = parts[0];
  if (!SLABS.has(first.buffer)) return undefined;
  let end = first.byteOffset + first.length;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i];
    if (part.buffer !== first.buffer || part.byteOffset !== end + separator.length) return undefined;
    end = part.byteOffset + part.length;
  }
  if (trailing) end += separator.length;
  if (end > first.buffer.byteLength) return undefined;
  const whole = Buffer.from(first.buffer, first.byteOffset, end - first.byteOffset);
  // The separators between (and after) the parts are in the buffer too: check them, never assume.
  if (separator.length && !separatorsAt(whole, parts, separator, trailing)) return undefined;
  return whole;
}

function separatorsAt(whole: Buffer, parts: readonly Buffer[], separator: Buffer, trailing: boolean): boolean {
  const base = parts[0].byteOffset;
  const count = trailing ? parts.length : parts.length - 1;
  // Byte by byte: separators are a byte or two, and Buffer#compare is a native call per part.
  for (let i = 0; i < count; i++) {
    const at = parts[i].byteOffset + parts[i].length - base;
    for (let j = 0; j < separator.length; j++) if (whole[at + j] !== separator[j]) return false;
  }
  return true;
}
