// One record's wire form, computed once: the delivery loop asks a shipper for a record's size to
// bound the batch (collect-batch.ts), and `ship` (and every retry of the batch) sends the same
// bytes. The encoding rides on the record object itself under a symbol of this cache, so it lives
// exactly as long as the batch does. (A WeakMap did the same, but a WeakMap entry is an ephemeron
// the garbage collector must revisit on every cycle: with a thousand records per batch that was
// the largest share of the shipper's GC time in `node --cpu-prof`.)
import type { ShippableAudit } from './siem-record.js';

export class EncodedCache<E> {
  /** Per cache: a new shipper (new settings) never sees an older shipper's encoding. */
  readonly #key = Symbol('encoded');

  constructor(private readonly encode: (record: ShippableAudit) => E) {}

  get(record: ShippableAudit): E {
    const holder = record as unknown as Record<symbol, E | undefined>;
    let encoded = holder[this.#key];
    if (encoded === undefined) {
      encoded = this.encode(record);
      holder[this.#key] = encoded;
    }
    return encoded;
  }
}
