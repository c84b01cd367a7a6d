export { EVENT_CATALOGUE, isEventName, type EventName } from './catalogue.js';
export { AUDIT_REDACT_PATHS, redactSecrets } from './redaction.js';
export { createRecorder, type Recorder, type RecordInput } from './recorder.js';
export type { Actor, ActorType, AuditEventDoc, AuditInput, DomainEventInput, OutboxDoc, Outcome } from './types.js';
export { tallyId, type TalliedAuditDoc } from './tally.js';
export { createTallyBuffer, type TallyBuffer } from './tally-buffer.js';
