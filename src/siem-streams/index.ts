// SIEM streams as a domain: a tenant's streams, their settings (secrets sealed), state and durable
// cursor, and the bookkeeping the delivery loop in workers/siem does through these services.
export type * from './types.js';
export {
  DEFAULT_BATCH,
  addStreamSchema,
  replayFromText,
  replaySchema,
  updateStreamSchema,
  type AddStreamInput,
  type UpdateStreamInput,
  type ReplayFrom,
} from './stream-input.js';
export { openConfig, streamAad } from './stream-config.js';
export { getStream, listStreams, type SiemStreamDeps } from './stream-records.js';
export { addStream, updateStream, removeStream, currentSequence } from './streams.js';
export { pauseStream, resumeStream, replayStream, testStream, type StreamTestResult } from './stream-state.js';
export {
  DELIVERY_ACTOR,
  advanceCursor,
  listActiveStreams,
  loadStream,
  noteFailure,
  readAfter,
  suspendStream,
  type Advance,
} from './delivery-state.js';
export { metricsOf, siemStreamMetrics, streamLagSeconds, type StreamMetrics } from './stream-metrics.js';
export { viewStream } from './stream-view.js';
