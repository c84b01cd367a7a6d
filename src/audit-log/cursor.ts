import { invalidParameter } from './params.js';

// An opaque page cursor: the last `seq` (src/audit/recorder.ts) a page returned and the order it
// was read in. Keyset pagination on seq ("seq < last" going back) costs the same on page 10,000
// as on page 1 and never repeats or skips a record when new ones commit meanwhile, unlike an offset.

export type Order = 'asc' | 'desc';
export const ORDERS: readonly Order[] = ['desc', 'asc'];

export interface Cursor {
  seq: number;
  order: Order;
}

const PREFIX = 'a1';

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${PREFIX}:${cursor.order}:${cursor.seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(text: string, parameter = 'cursor'): Cursor {
  const [prefix, order, seq] = Buffer.from(text, 'base64url').toString('utf8').split(':');
  if (prefix !== PREFIX || !ORDERS.includes(order as Order) || !/^\d{1,15}$/.test(seq ?? '')) {
    throw invalidParameter(parameter, 'is not a cursor this API returned');
  }
  return { order: order as Order, seq: Number(seq) };
}

/** The seq condition that continues after `seq` in `order`. */
export function afterSeq(seq: number, order: Order): Record<string, number> {
  return order === 'desc' ? { $lt: seq } : { $gt: seq };
}
