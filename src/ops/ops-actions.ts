import type { Actor } from '../audit/index.js';

// The buttons of the ops console. Each action is a domain call the composition root registers
// (retry a connector's dead letters, resume it, approve held deletions, start a full resync,
// resume a SIEM stream …); the console only checks the role and the CSRF token and passes the
// operator on as the actor, so every action lands in the audit trail under the target tenant.

export interface OpsActionInput {
  tenantId: string;
  id: string;
  actor: Actor;
}

export type OpsAction = (input: OpsActionInput) => Promise<string>;

export type OpsActions = Record<string, OpsAction>;
