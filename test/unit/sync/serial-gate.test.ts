import { describe, expect, it } from 'vitest';
import { createSerialGate } from '../../../workers/sync/connectors/serial-gate.js';

describe('serial gate', () => {
  it('runs calls one after another in the order they came, even when one fails', async () => {
    const gate = createSerialGate(0);
    const log: string[] = [];
    let running = 0;
    const job = (name: string, fail = false) =>
      gate(true, async () => {
        running++;
        log.push(`${name}:start:${running}`);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
        log.push(`${name}:end`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([job('a'), job('b', true), gate(false, async () => 'read'), job('c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(log).toEqual(['a:start:1', 'a:end', 'b:start:1', 'b:end', 'c:start:1', 'c:end']);
  });
});
