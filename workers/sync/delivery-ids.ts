import { createHash } from 'node:crypto';
import type { Connector, OperationContext } from './connector.js';

// Every change a job sends gets an id of its own (OperationContext.eventId, which the webhook
// connector sends as the CloudEvents `id` and `webhook-id`). It comes from the job, not from the
// content: the same state sent again later (deactivated, reactivated, deactivated; a member
// removed and added back) is a new change that a receiver dropping repeated webhook-ids, as
// Standard Webhooks advises for idempotency, must not lose. The job key (BullMQ job id and creation
// time) survives retries and a crashed worker's takeover, and the calls of a job are made in
// order, so a delivery that is repeated repeats its id.

/** Position of the OperationContext argument of each connector call that changes the target. */
const CONTEXT_ARGUMENT = {
  createUser: 1,
  updateUser: 2,
  deactivateUser: 2,
  deleteUser: 2,
  createGroup: 1,
  updateGroup: 2,
  deleteGroup: 2,
  addMembers: 2,
  removeMembers: 2,
} as const satisfies Partial<Record<keyof Connector, number>>;

/** The connector, with an id per call derived from `jobKey` and the call's place in the job. */
export function withDeliveryIds(connector: Connector, jobKey: string): Connector {
  let calls = 0;
  return new Proxy(connector, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || !Object.hasOwn(CONTEXT_ARGUMENT, property)) return value;
      const at = CONTEXT_ARGUMENT[property as keyof typeof CONTEXT_ARGUMENT];
      return (...args: unknown[]) => {
        const key = `${jobKey}\n${String(property)}\n${calls++}`;
        const eventId = `evt_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
        args[at] = { ...(args[at] as OperationContext | undefined), eventId } satisfies OperationContext;
        return value.apply(target, args);
      };
    },
  });
}
