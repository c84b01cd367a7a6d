import { RosterError } from '../../errors/index.js';
import { samlLogin, TRANSIENT_NAMEID } from '../../sso/index.js';
import { createSession } from '../../session/index.js';
import { claimsFrom } from '../claims.js';
import { safeReturnTo } from '../../sso/index.js';
import { need, type AcsStep } from './context.js';

// The assertion has passed every check: who is this, where do they go, log them in.

export const mapClaims: AcsStep = (ctx, deps) => {
  const connection = need(ctx.connection, 'connection');
  const assertion = need(ctx.assertion, 'assertion');
  const attributes = (need(ctx.profile, 'profile').attributes ?? {}) as Record<string, unknown>;
  const claims = claimsFrom({
    nameId: assertion.nameId,
    nameIdFormat: assertion.nameIdFormat,
    attributes,
    profile: connection.profile,
    mapping: connection.attributeMapping,
  });
  if (claims.nameIdFormat === TRANSIENT_NAMEID && !claims.email) {
    throw new RosterError('saml_missing_identity', 'a transient NameID needs an email attribute to identify the user');
  }
  if (claims.groups.kind === 'overage') {
    deps.logger.warn(
      { tenantId: connection.tenantId, nameId: claims.nameId },
      'SAML groups overage claim: the IdP sent a link instead of groups; keeping existing memberships',
    );
  }
  ctx.claims = claims;
};

/** The request's returnTo (SP-initiated) or the RelayState (IdP-initiated), if still allowed. */
export const chooseReturnTo: AcsStep = (ctx) => {
  const connection = need(ctx.connection, 'connection');
  const allow = connection.returnToAllowList;
  const wanted = ctx.pending ? ctx.pending.returnTo : ctx.relayState;
  ctx.returnTo = safeReturnTo(wanted, allow) ?? safeReturnTo(connection.defaultReturnTo, allow) ?? '/';
};

export const logIn: AcsStep = async (ctx, deps) => {
  const assertion = need(ctx.assertion, 'assertion');
  ctx.login = await samlLogin(deps, {
    tenantId: need(ctx.connection, 'connection').tenantId,
    claims: need(ctx.claims, 'claims'),
    context: {
      requestId: ctx.request.requestId,
      sourceIp: ctx.request.sourceIp,
      details: {
        issuer: assertion.issuer,
        assertionId: assertion.id,
        sessionIndex: assertion.sessionIndex,
        idpInitiated: !ctx.pending,
      },
    },
  });
};

export const startSession: AcsStep = async (ctx, deps) => {
  const assertion = need(ctx.assertion, 'assertion');
  const user = need(ctx.login, 'login').user;
  const { id, session } = await createSession(
    deps.redis,
    {
      tenantId: user.tenantId,
      userId: user._id,
      nameId: assertion.nameId,
      sessionIndex: assertion.sessionIndex,
      issuer: assertion.issuer,
    },
    deps.sessionTtlSeconds,
    deps.now(),
  );
  ctx.session = { id, expiresAt: session.expiresAt };
};
