import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Queue } from 'bullmq';
import { activeOperatorKey, verifyOperatorKey, PLATFORM_TENANT, type OperatorRole } from '../operators/index.js';
import type { DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';
import type { Redis } from '../redis/index.js';
import { platformStatus, type TargetStatusSource } from '../status/index.js';
import { html, OPS_CSP, page, type Fragment } from './html.js';
import type { OpsActions } from './ops-actions.js';
import {
  clearedOpsCookie,
  closeOperatorSession,
  csrfMatches,
  openOperatorSession,
  opsCookie,
  opsSessionIdFrom,
  readOperatorSession,
  setFlash,
  takeFlash,
  type OperatorSession,
} from './operator-session.js';
import { createQueueBoard } from './queue-board.js';
import { queueStatus } from './queue-status.js';
import { statusPage } from './status-page.js';

// The ops console: platform-wide, never reachable without an operator session. Sign-in trades an
// operator key (roster operator key create) for a __Host- session cookie; every action posts a
// form carrying the session's CSRF token and must come from this origin.

export interface OpsDeps {
  domain: DomainDeps;
  redis: Redis;
  queues: () => Queue[];
  targets?: TargetStatusSource;
  actions?: OpsActions;
  workers?: () => Promise<{ alive: number; lastBeatAt?: string }>;
  charts?: (tenantIds: string[]) => Promise<Map<string, Fragment>>;
  sessionTtlSeconds: number;
}

const SIGN_IN = '/ops/sign-in';

function signInPage(message?: string): string {
  return page(
    'Sign in',
    html`<div class="card" style="max-width:28rem"><h1>Sign in to the ops console</h1>
${message ? html`<p class="bad" role="alert">${message}</p>` : ''}
<form method="post" action="${SIGN_IN}"><label>Operator key<br>
<input type="password" name="key" autocomplete="off" required style="width:100%"></label>
<p><button type="submit">Sign in</button></p></form>
<p class="muted">Keys come from <code>roster operator key create --role ops:read|ops:write</code>.</p></div>`,
  );
}

/** Cross-site posts never reach an action, whatever cookie they carry (Fetch Metadata). */
function sameOrigin(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  if (site) return site === 'same-origin';
  const origin = req.get('origin');
  return !origin || origin === `${req.protocol}://${req.get('host')}`;
}

export function createOpsRouter(deps: OpsDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 });
  router.use('/ops', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.get(SIGN_IN, (_req, res) => void res.set('Content-Security-Policy', OPS_CSP).type('html').send(signInPage()));
  router.post(SIGN_IN, form, async (req, res) => {
    res.set('Content-Security-Policy', OPS_CSP);
    if (!sameOrigin(req)) return void res.status(403).type('html').send(signInPage('Sign in from this page.'));
    try {
      const key = await verifyOperatorKey(deps.domain, String(req.body?.key ?? '').trim());
      const { id } = await openOperatorSession(
        deps.redis,
        { keyId: key._id, name: key.name, roles: key.roles },
        deps.sessionTtlSeconds,
      );
      await audit(deps, 'operator.signed_in', key._id, req);
      res.set('Set-Cookie', opsCookie(id, deps.sessionTtlSeconds)).redirect(303, '/ops');
    } catch (err) {
      if (!(err instanceof RosterError) || err.status !== 401) throw err;
      await audit(deps, 'operator_key.rejected', 'unknown', req, 'denied');
      res.status(401).type('html').send(signInPage('That operator key is not valid.'));
    }
  });

  const requireOperator = (role: OperatorRole) => async (req: Request, res: Response, next: NextFunction) => {
    const id = opsSessionIdFrom(req.headers.cookie);
    const session = await readOperatorSession(deps.redis, id);
    const live = session && (await activeOperatorKey(deps.domain, session.keyId));
    if (!session || !live) {
      if (session) await closeOperatorSession(deps.redis, id);
      if (req.method === 'GET' && req.get('accept')?.includes('text/html')) return res.redirect(303, SIGN_IN);
      return res.status(401).json({ error: 'sign in to the ops console first' });
    }
    if (!session.roles.includes(role))
      return res
        .status(403)
        .type('html')
        .send(page('Forbidden', forbidden(role)));
    res.locals.operator = session;
    next();
  };

  router.post('/ops/sign-out', form, requireOperator('ops:read'), async (req, res) => {
    const session = res.locals.operator as OperatorSession;
    if (!sameOrigin(req) || !csrfMatches(session, req.body?.csrf)) throw csrfRefused();
    await closeOperatorSession(deps.redis, opsSessionIdFrom(req.headers.cookie));
    await audit(deps, 'operator.signed_out', session.keyId, req);
    res.set('Set-Cookie', clearedOpsCookie()).redirect(303, SIGN_IN);
  });

  const board = createQueueBoard(deps.queues());
  // State-changing calls of the queue view are same-origin only (its UI cannot carry our token).
  router.use('/ops/queues', requireOperator('ops:read'), (req, res, next) => {
    const session = res.locals.operator as OperatorSession;
    const writes = req.method !== 'GET' && req.method !== 'HEAD';
    if (writes && (!sameOrigin(req) || !session.roles.includes('ops:write')))
      return res.status(403).json({ error: 'this operator may only look (ops:read)' });
    res.set(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; frame-ancestors 'none'",
    );
    (session.roles.includes('ops:write') ? board.readWrite : board.readOnly)(req, res, next);
  });

  router.get('/ops', requireOperator('ops:read'), async (req, res) => {
    const operator = res.locals.operator as OperatorSession;
    const [tenants, queues, workers, flash] = await Promise.all([
      platformStatus(deps.domain, deps.targets),
      Promise.all(deps.queues().map((q) => queueStatus(q))),
      deps.workers?.() ?? Promise.resolve({ alive: 0 }),
      takeFlash(deps.redis, opsSessionIdFrom(req.headers.cookie)),
    ]);
    const charts = (await deps.charts?.(tenants.map((t) => t.tenantId))) ?? new Map();
    const generatedAt = new Date().toISOString();
    const body = statusPage({ operator, queues, workers, tenants, charts, generatedAt, flash });
    res
      .set('Content-Security-Policy', OPS_CSP)
      .type('html')
      .send(page('Status', body, header(operator)));
  });

  router.post('/ops/actions/:action', form, requireOperator('ops:write'), async (req, res) => {
    const operator = res.locals.operator as OperatorSession;
    if (!sameOrigin(req) || !csrfMatches(operator, req.body?.csrf)) throw csrfRefused();
    const action = deps.actions?.[String(req.params.action)];
    if (!action) throw new RosterError('not_found', `no ops action ${req.params.action}`);
    const tenantId = String(req.body?.tenant ?? '');
    const id = String(req.body?.id ?? '');
    const sessionId = opsSessionIdFrom(req.headers.cookie);
    try {
      const message = await action({ tenantId, id, actor: { type: 'operator', id: operator.keyId } });
      await setFlash(deps.redis, sessionId, { ok: true, message });
    } catch (err) {
      // A refused action (nothing held, connector gone …) is told on the page a form post returns
      // to; a client that does not ask for HTML gets the problem document instead.
      if (!(err instanceof RosterError) || err.status >= 500 || !req.get('accept')?.includes('text/html')) throw err;
      await setFlash(deps.redis, sessionId, { ok: false, message: err.message });
    }
    res.redirect(303, '/ops');
  });
  return router;
}

function header(operator: OperatorSession): Fragment {
  return html`<a href="/ops">Status</a><a href="/ops/queues">Queues</a>
<form method="post" action="/ops/sign-out"><span class="muted">${operator.name} (${operator.roles.at(-1)})</span>
<input type="hidden" name="csrf" value="${operator.csrf}"> <button type="submit">Sign out</button></form>`;
}

function forbidden(role: string): Fragment {
  return html`<h1>Not allowed</h1><p>This needs the ${role} role. <a href="/ops">Back to the status page</a></p>`;
}

function csrfRefused(): RosterError {
  return new RosterError('forbidden', 'the action did not carry this session’s CSRF token, or came from another site');
}

async function audit(
  deps: OpsDeps,
  action: 'operator.signed_in' | 'operator.signed_out' | 'operator_key.rejected',
  keyId: string,
  req: Request,
  outcome: 'success' | 'denied' = 'success',
): Promise<void> {
  await deps.domain.recorder.record(deps.domain.store, PLATFORM_TENANT, {
    audit: [
      {
        action,
        actor: keyId === 'unknown' ? { type: 'anonymous', id: 'ops-console' } : { type: 'operator', id: keyId },
        outcome,
        ...(req.ip ? { sourceIp: req.ip } : {}),
      },
    ],
  });
}
