import { Gauge, type Registry } from 'prom-client';

// Gauges read at scrape time from a source that is costly to read (the store, BullMQ). The
// registry collects its families concurrently (prom-client Registry.metrics), so the families of
// one source share one read per scrape, and each awaits it before answering: none reports the
// previous scrape's figures.

/** `read`, shared by every caller while one call is in flight. */
export function onePerScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let reading: Promise<T> | undefined;
  return () =>
    (reading ??= read().finally(() => {
      reading = undefined;
    }));
}

/**
 * A maker of gauge families over one source's samples: one series per sample, labelled by
 * `labelsOf`; a sample gone from the source loses its series at the next scrape (reset()).
 */
export function scrapedGauges<S, L extends string>(
  registry: Registry,
  labelNames: readonly L[],
  read: () => Promise<S[]>,
  labelsOf: (sample: S) => Record<L, string>,
): (name: string, help: string, value: (sample: S) => number) => Gauge<L> {
  const samples = onePerScrape(read);
  return (name, help, value) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const read = await samples();
        this.reset();
        for (const sample of read) this.set(labelsOf(sample), value(sample));
      },
    });
}
