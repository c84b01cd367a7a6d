export { createScimRouter, SCIM_LIMITS } from './router.js';
