export { createScimRouter, SCIM_LIMITS } from './router.js';
export { scimOperation, type ScimOperation } from './operation.js';
