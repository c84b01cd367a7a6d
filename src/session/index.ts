export { createSession, readSession, destroySession, type SessionData } from './session-store.js';
export { SESSION_COOKIE, sessionCookie, clearedSessionCookie, sessionIdFrom } from './session-cookie.js';
export { createSessionRouter, type SessionRouterDeps } from './session-routes.js';
