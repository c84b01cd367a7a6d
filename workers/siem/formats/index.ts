// The payload formats of SIEM streams: pure functions from a record to what a receiver parses.
export { toJsonPayload, JSON_FORMATS, type JsonFormat } from './json-payload.js';
export { toEcs, ECS_VERSION, type EcsDocument } from './ecs.js';
export { toOcsf, ocsfClassOf, OCSF_CLASSES, OCSF_VERSION, type OcsfClassification } from './ocsf.js';
export { toCef, escapeCefHeader, escapeCefValue } from './cef.js';
export {
  toRfc5424,
  frameOctetCounted,
  escapeSdValue,
  isSdName,
  FACILITIES,
  DEFAULT_SD_ID,
  type Rfc5424Options,
} from './rfc5424.js';
