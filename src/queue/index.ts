export { QUEUE_NAMES, type EventJob } from './names.js';
export { bullPrefix, createQueues, type Queues } from './queues.js';
