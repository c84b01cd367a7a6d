import { Router } from 'express';
import type { Recorder } from '../audit/index.js';
import { RosterError } from '../errors/index.js';
import type { Redis } from '../redis/index.js';
import type { Store } from '../store/index.js';
import { clearedSessionCookie, sessionIdFrom } from './session-cookie.js';
import { destroySession, readSession } from './session-store.js';
import { sessionUser, sessionView } from './session-view.js';
import { renderSignedIn, renderSignedOut } from './signed-in-page.js';

// GET /v1/session and POST /v1/logout. Errors are problem+json (the app's handler).

export interface SessionRouterDeps {
  store: Store;
  redis: Redis;
  recorder: Recorder;
}

const noSession = () => new RosterError('unauthenticated', 'no session: log in through /saml/{tenant}/login');

export function createSessionRouter(deps: SessionRouterDeps): Router {
  const router = Router();

  router.get('/v1/session', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const id = sessionIdFrom(req.headers.cookie);
    const session = await readSession(deps.redis, id);
    if (!session) throw noSession();
    const user = await sessionUser(deps.store, session);
    if (!user) {
      // Deactivated or deleted since logging in: the session ends here.
      await destroySession(deps.redis, id);
      res.set('Set-Cookie', clearedSessionCookie());
      throw noSession();
    }
    res.json(await sessionView(deps.store, session, user));
  });

  // The landing page of a login that names no returnTo (defaultReturnTo "/"): who is signed in.
  router.get('/', async (req, res) => {
    res.set('Cache-Control', 'no-store').type('html');
    const session = await readSession(deps.redis, sessionIdFrom(req.headers.cookie));
    const user = session && (await sessionUser(deps.store, session));
    res.send(session && user ? renderSignedIn(session, user) : renderSignedOut());
  });

  // SameSite=Lax keeps the cookie off cross-site POSTs, so another site cannot log a user out.
  router.post('/v1/logout', async (req, res) => {
    const session = await destroySession(deps.redis, sessionIdFrom(req.headers.cookie));
    if (session) {
      await deps.store.withTransaction((tx) =>
        deps.recorder.record(tx, session.tenantId, {
          audit: [
            {
              action: 'user.logout',
              actor: { type: 'user', id: session.userId },
              target: { type: 'user', id: session.userId },
              outcome: 'success',
              sourceIp: req.ip,
              requestId: String(res.getHeader('x-request-id') ?? ''),
            },
          ],
        }),
      );
    }
    res.set('Cache-Control', 'no-store').set('Set-Cookie', clearedSessionCookie()).status(204).end();
  });

  return router;
}
