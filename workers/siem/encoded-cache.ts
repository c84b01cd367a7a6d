// One record's wire form, computed once: the delivery loop asks a shipper for a record's size to
// bound the batch (collect-batch.ts), and `ship` (and every retry of the batch) sends the same
// bytes. Keyed weakly by the record object, so an entry lives exactly as long as the batch does.
import type { ShippableAudit } from './siem-record.js';

export class EncodedCache<E> {
  readonly #entries = new WeakMap<ShippableAudit, E>();

  constructor(private readonly encode: (record: ShippableAudit) => E) {}

  get(record: ShippableAudit): E {
    let encoded = this.#entries.get(record);
    if (encoded === undefined) {
      encoded = this.encode(record);
      this.#entries.set(record, encoded);
    }
    return encoded;
  }
}
