import { setImmediate } from 'node:timers/promises';
// Step 1 of a round: read the stream's next records from the store, page by page in commit order,
// keep those of its categories, encode each one with the shipper (once: every attempt sends these
// bytes), and stop at the batch's size or byte bound, or when a partial batch has waited
// maxWaitMs for more. The batch keeps the encodings only (see EncodedRecord in shipper.ts), in a
// buffer of `slabs` whose size is the stream's maxBytes (batch-bytes.ts).
import type { AuditEventDoc } from '../../../src/audit/index.js';
import { readAfter, type SiemStreamDoc } from '../../../src/siem-streams/index.js';
import { BatchBytes, type SlabPool } from '../batch-bytes.js';
import type { EncodedRecord, Shipper } from '../shipper.js';
import { categoryOf } from '../siem-record.js';
import { pause } from './backoff.js';
import type { DeliveryContext } from './context.js';

export interface CollectedBatch {
  records: EncodedRecord[];
  /** Sequence of the last record looked at (shipped or filtered out): the cursor once delivered. */
  lastSeq: number;
  /** Returns the records' buffer to the pool: call once nothing reads their bytes (BatchBytes#release). */
  release(): void;
}

function wanted(doc: SiemStreamDoc): (record: AuditEventDoc) => boolean {
  if (doc.categories.length === 0) return () => true;
  const categories = new Set(doc.categories);
  return (record) => categories.has(categoryOf(record.action));
}

const toBuffer = (encoded: string | Buffer) => (typeof encoded === 'string' ? Buffer.from(encoded) : encoded);

/** Records read and encoded between two turns of the event loop. */
const READ_SLICE = 200;

export async function collectBatch(
  ctx: DeliveryContext,
  doc: SiemStreamDoc,
  shipper: Pick<Shipper, 'encode' | 'separator'>,
  afterSeq: number,
  slabs: SlabPool,
): Promise<CollectedBatch> {
  const { maxEvents, maxWaitMs } = doc.batch;
  const keep = wanted(doc);
  const bytes = new BatchBytes(slabs, shipper.separator);
  const batch: CollectedBatch = { records: [], lastSeq: afterSeq, release: () => bytes.release() };
  let firstAt = 0;
  for (;;) {
    // Never more rows than the batch can still take: rows read past the bound would be decoded for
    // nothing. And at most a slice at a time: the embedded store reads synchronously, and a batch
    // read in one go would hold the event loop while the previous batch's request still has bytes
    // to write (a 1 MB body, a TLS stream), so the target would wait for them.
    const limit = Math.min(ctx.options.pageSize, READ_SLICE, maxEvents - batch.records.length);
    const page = await readAfter(ctx.store, doc.tenantId, batch.lastSeq, limit);
    for (const record of page) {
      if (keep(record)) {
        const encoded = shipper.encode(record);
        const written = bytes.add(record._id, encoded);
        if (!written && batch.records.length > 0) return batch; // the byte bound: it starts the next batch
        batch.records.push(written ?? { id: record._id, bytes: toBuffer(encoded) });
        firstAt ||= Date.now();
        if (!written) {
          batch.lastSeq = record.seq; // larger than the bound on its own: it ships alone rather than never
          return batch;
        }
      }
      batch.lastSeq = record.seq;
      if (batch.records.length >= maxEvents) return batch;
    }
    if (page.length === limit) {
      await setImmediate(); // let pending writes and replies through
      continue;
    }
    const waited = Date.now() - firstAt;
    if (batch.records.length === 0 || waited >= maxWaitMs || ctx.signal.aborted) return batch;
    await pause(Math.min(ctx.options.pollMs, maxWaitMs - waited), ctx.signal);
  }
}
