export { QUEUE_NAMES, type EventJob, type SyncJob } from './names.js';
export { bullPrefix, createQueues, type Queues } from './queues.js';
export { startHeartbeat, workersAlive, HEARTBEAT_WINDOW_MS } from './heartbeat.js';
