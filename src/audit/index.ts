export {
  EVENT_CATALOGUE,
  EVENT_CATEGORIES,
  EVENT_NAMES,
  catalogueEntry,
  isEventName,
  type CatalogueEntry,
  type EventCategory,
  type EventName,
} from './catalogue.js';
export { AUDIT_REDACT_PATHS, redactSecrets } from './redaction.js';
export { createRecorder, EVENT_RETENTION_DAYS, type Recorder, type RecordInput, type SequenceDoc } from './recorder.js';
export type { Actor, ActorType, AuditEventDoc, AuditInput, DomainEventInput, OutboxDoc, Outcome } from './types.js';
export { decisionKey, MINUTE_MS, type RepeatedAudit } from './repeated.js';
export { createTallyBuffer, type TallyBuffer } from './tally-buffer.js';
export { renderAuditEventsDoc } from './catalogue-doc.js';
