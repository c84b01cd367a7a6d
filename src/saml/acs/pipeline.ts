import { recordLoginFailure } from '../../sso/index.js';
import { RosterError, toRosterError } from '../../errors/index.js';
import { checkIssuer, checkSubjectConfirmation, readAssertion } from './assertion-steps.js';
import type { AcsContext, AcsDeps, AcsStep } from './context.js';
import { decryptAssertion } from './decrypt-steps.js';
import { decodeResponse, loadConnection, parseResponse, readForm } from './envelope-steps.js';
import { chooseReturnTo, logIn, mapClaims, startSession } from './login-steps.js';
import { checkDestination, rejectWeakAlgorithms, verifySignature } from './message-steps.js';
import { matchRequest, rejectReplay } from './request-steps.js';

// The ACS, in order. Each row is a name (it appears in logs and in the login_failed audit record)
// and a step. Rows marked `input` only read the message: anything they throw that is not already
// a RosterError is the message's fault (a 400), never a 500.

export interface AcsRow {
  name: string;
  step: AcsStep;
  input?: boolean;
}

export const ACS_STEPS: readonly AcsRow[] = [
  { name: 'load-connection', step: loadConnection },
  { name: 'read-form', step: readForm, input: true },
  { name: 'decode-response', step: decodeResponse, input: true },
  { name: 'parse-response', step: parseResponse, input: true },
  { name: 'decrypt-assertion', step: decryptAssertion, input: true },
  { name: 'reject-weak-algorithms', step: rejectWeakAlgorithms, input: true },
  { name: 'check-destination', step: checkDestination, input: true },
  { name: 'verify-signature', step: verifySignature, input: true },
  { name: 'read-assertion', step: readAssertion, input: true },
  { name: 'check-issuer', step: checkIssuer, input: true },
  { name: 'check-subject-confirmation', step: checkSubjectConfirmation, input: true },
  { name: 'match-request', step: matchRequest },
  { name: 'reject-replay', step: rejectReplay },
  { name: 'map-claims', step: mapClaims, input: true },
  { name: 'choose-return-to', step: chooseReturnTo, input: true },
  { name: 'log-in', step: logIn },
  { name: 'start-session', step: startSession },
];

function asRosterError(err: unknown, row: AcsRow): RosterError {
  if (err instanceof RosterError) return err;
  if (row.input)
    return new RosterError('saml_invalid_response', 'the SAML response could not be read', {
      cause: err,
      details: { internal: String((err as Error)?.message ?? err).slice(0, 300) },
    });
  return toRosterError(err);
}

async function reportFailure(ctx: AcsContext, deps: AcsDeps, row: AcsRow, error: RosterError): Promise<void> {
  const internal = typeof error.details.internal === 'string' ? error.details.internal : error.message;
  const log = error.status >= 500 ? deps.logger.error.bind(deps.logger) : deps.logger.warn.bind(deps.logger);
  log(
    {
      step: row.name,
      code: error.code,
      tenantId: ctx.request.tenantId,
      err: error.status >= 500 ? (error.cause ?? error) : undefined,
      internal,
    },
    'SAML login refused',
  );
  if (!ctx.connection) return; // no connection: maybe no tenant either, so nowhere to audit
  const details = {
    step: row.name,
    ...(ctx.assertion
      ? { issuer: ctx.assertion.issuer, assertionId: ctx.assertion.id, nameId: ctx.assertion.nameId }
      : {}),
  };
  const userId = typeof error.details.userId === 'string' ? error.details.userId : undefined;
  await recordLoginFailure(deps, {
    tenantId: ctx.connection.tenantId,
    code: error.code,
    reason: internal,
    ...(userId ? { userId } : {}),
    context: { requestId: ctx.request.requestId, sourceIp: ctx.request.sourceIp, details },
  }).catch((err) => deps.logger.error({ err }, 'could not write the user.login_failed audit record'));
}

/** Runs every step; on the first failure writes the audit record and throws a RosterError. */
export async function runAcs(
  ctx: AcsContext,
  deps: AcsDeps,
  steps: readonly AcsRow[] = ACS_STEPS,
): Promise<AcsContext> {
  for (const row of steps) {
    try {
      await row.step(ctx, deps);
    } catch (err) {
      const error = asRosterError(err, row);
      await reportFailure(ctx, deps, row, error);
      throw error;
    }
  }
  return ctx;
}
