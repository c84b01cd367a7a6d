import { allow, DENY, type Decision } from './decision.js';
import type { Checker } from './check.js';

// Resource-level checks of design 001 (canAccessTranscript): the `:all` qualifier of a permission
// reaches every resource of its kind; otherwise the subject must own the resource or have taken
// part in it, and still hold the plain permission.

/** The parts of a resource that decide who may touch it. Participants are user ids or emails. */
export interface OwnedResource {
  ownerId?: string;
  participants?: readonly string[];
}

export interface Requester {
  id: string;
  emails?: readonly string[];
}

// Stryker disable ArrayDeclaration,ConditionalExpression: the empty defaults and the early return are
// shortcuts: a stand-in value there matches no real id or email, and some() of nothing is false
function isParticipant(who: Requester, participants: readonly string[] = []): boolean {
  if (participants.length === 0) return false;
  const mine = new Set([who.id, ...(who.emails ?? []).map((e) => e.toLowerCase())]);
  // Stryker restore ArrayDeclaration,ConditionalExpression
  return participants.some((p) => mine.has(p) || mine.has(p.toLowerCase()));
}

function as(relation: string, decision: Decision): Decision {
  return decision.allow ? allow(`${decision.reason} as ${relation}`) : decision;
}

/** Design 001: read-all permission first, then owner, then participant; otherwise denied. */
export function checkOwned(check: Checker, who: Requester, permission: string, resource: OwnedResource): Decision {
  const unqualified = permission.split(':').length === 2;
  if (unqualified) {
    const all = check(`${permission}:all`);
    if (all.allow) return all;
  }
  // Stryker disable next-line ConditionalExpression: who.id is a string, so an absent owner never equals it
  if (resource.ownerId !== undefined && resource.ownerId === who.id) return as('owner', check(permission));
  if (isParticipant(who, resource.participants)) return as('participant', check(permission));
  return DENY.notOwnerOrParticipant;
}
