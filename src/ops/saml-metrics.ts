import { Counter, type Registry } from 'prom-client';

// SAML logins through the ACS by outcome: success, rejected (the response or the user was
// refused: a 4xx) or error (Roster failed: a 5xx). Counted at the end of runAcs
// (src/saml/acs/pipeline.ts) through AcsDeps.observeLogin.

export type LoginOutcome = 'success' | 'rejected' | 'error';

export function samlLoginMetrics(registry: Registry): (outcome: LoginOutcome) => void {
  const logins = new Counter({
    name: 'roster_saml_logins_total',
    help: 'SAML logins through the ACS by outcome (success, rejected, error)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  for (const outcome of ['success', 'rejected', 'error']) logins.inc({ outcome }, 0);
  return (outcome) => logins.inc({ outcome });
}
