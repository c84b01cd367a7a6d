// The shared kernel of the domain modules: what every service is handed, and how ids are made.
export { nowIso, type DomainDeps } from './deps.js';
export { newId } from './ids.js';
export { bumpCacheVersion, readCacheVersion, type CacheScope } from './cache-versions.js';
export { nextTurn } from './turns.js';
