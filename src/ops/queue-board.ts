import type { RequestHandler } from 'express';
import type { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';

// bull-board at /ops/queues for every Roster queue, twice: a read-only board for ops:read and one
// that can retry and remove for ops:write. The ops router picks the board by the operator's role.

const BASE = '/ops/queues';

function board(queues: Queue[], readOnlyMode: boolean): RequestHandler {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(BASE);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode, allowRetries: !readOnlyMode })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Roster queues' } },
  });
  return adapter.getRouter() as unknown as RequestHandler;
}

export function createQueueBoard(queues: Queue[]): { readOnly: RequestHandler; readWrite: RequestHandler } {
  return { readOnly: board(queues, true), readWrite: board(queues, false) };
}
