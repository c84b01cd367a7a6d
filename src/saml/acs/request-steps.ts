import { RosterError } from '../../errors/index.js';
import { markAssertionUsed } from '../replay-cache.js';
import { consumeRequest } from '../request-cache.js';
import { attr } from '../../sso/index.js';
import { need, type AcsStep } from './context.js';

// One AuthnRequest, one answer; one assertion, one login. Both memories live in Redis, so they
// hold across every API process.

/**
 * SAML profiles §4.1.4.3: a response to an AuthnRequest names it in InResponseTo. The signed
 * SubjectConfirmationData's value is the one trusted (§4.1.4.2 requires it there); the Response's
 * own, unsigned when only the assertion is signed, must agree with it. No InResponseTo means an
 * IdP-initiated login, refused unless the tenant allowed those.
 */
export const matchRequest: AcsStep = async (ctx, deps) => {
  const connection = need(ctx.connection, 'connection');
  const signed = need(ctx.assertion, 'assertion').inResponseTo;
  const outer = attr(need(ctx.response, 'response'), 'InResponseTo');
  if (outer !== undefined && outer !== signed) {
    throw new RosterError('saml_unknown_request', 'the Response and its assertion answer different requests');
  }
  if (signed === undefined) {
    if (!connection.allowIdpInitiated)
      throw new RosterError('saml_unsolicited_response', 'IdP-initiated login is not allowed for this tenant');
    return;
  }
  const pending = await consumeRequest(deps.redis, connection.tenantId, signed);
  if (!pending)
    throw new RosterError('saml_unknown_request', `InResponseTo ${signed} is not an open AuthnRequest of this tenant`);
  if (ctx.relayState !== undefined && ctx.relayState !== pending.relayState) {
    throw new RosterError('saml_relay_state_mismatch', 'RelayState differs from the one sent with the AuthnRequest');
  }
  ctx.pending = pending;
};

/** SAML profiles §4.1.4.5: a bearer assertion is used once; its ID is kept until it expires. */
export const rejectReplay: AcsStep = async (ctx, deps) => {
  const assertion = need(ctx.assertion, 'assertion');
  const first = await markAssertionUsed(deps.redis, {
    tenantId: need(ctx.connection, 'connection').tenantId,
    issuer: assertion.issuer,
    assertionId: assertion.id,
    validUntil: assertion.validUntil,
    clockSkewSeconds: deps.clockSkewSeconds,
    now: deps.now(),
  });
  if (!first) throw new RosterError('saml_replay', `assertion ${assertion.id} was already used`);
};
