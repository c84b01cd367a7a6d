export {
  authFailureThrottle,
  createAuthFailureThrottle,
  type AuthFailureLimits,
  type AuthFailureThrottle,
  tooManyFailures,
} from './throttle.js';
export { rejectionAuditKey } from './audit-key.js';
