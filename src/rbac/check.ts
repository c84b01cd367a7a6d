import { DENY, type Decision } from './decision.js';
import type { CompiledSubject } from './subject.js';

// The hot path: deny by default, admin:* first, then the deny list, then the exact grant, then
// the wildcard grants by prefix (most specific first). Nothing is allocated per check.

function isDenied(subject: CompiledSubject, permission: string): boolean {
  if (subject.denies.has(permission)) return true;
  for (const prefix of subject.denyPrefixes) if (permission.startsWith(prefix)) return true;
  return false;
}

function lookup(subject: CompiledSubject, permission: string): Decision | undefined {
  const exact = subject.grants.get(permission);
  if (exact) return exact;
  for (const [prefix, grant] of subject.wildcards) if (permission.startsWith(prefix)) return subject.grants.get(grant);
  return undefined;
}

/** May `subject` do `permission`? Deny beats grant, except for holders of admin:* (design 001). */
export function check(subject: CompiledSubject, permission: string): Decision {
  if (subject.admin) return subject.admin;
  // Stryker disable next-line ConditionalExpression: a fast path: no denies means no deny prefixes either
  if (subject.denies.size !== 0 && isDenied(subject, permission)) return DENY.userDenyList;
  return lookup(subject, permission) ?? DENY.noGrant;
}

/** A permission check bound to a subject (or a key: owner AND scope), for the resource checks. */
export type Checker = (permission: string) => Decision;

export function checkerOf(subject: CompiledSubject): Checker {
  return (permission) => check(subject, permission);
}

export function scopedCheckerOf(owner: CompiledSubject, scope: CompiledSubject): Checker {
  return (permission) => checkScoped(owner, scope, permission);
}

/** A decision that names the permission it is about (the missing one, when denied). */
export type NamedDecision = Decision & { permission: string };

/** Every permission must be allowed; the first denial decides. No permission at all: denied. */
export function checkAll(check: Checker, permissions: readonly string[]): NamedDecision {
  let last: NamedDecision = { ...DENY.noGrant, permission: '' };
  for (const permission of permissions) {
    last = { ...check(permission), permission };
    if (!last.allow) return last;
  }
  return last;
}

/** One permission suffices (design 001 hasAnyPermission); denied, it names them all. */
export function checkAny(check: Checker, permissions: readonly string[]): NamedDecision {
  let first: Decision = DENY.noGrant;
  for (const [i, permission] of permissions.entries()) {
    const decision = check(permission);
    if (decision.allow) return { ...decision, permission };
    if (i === 0) first = decision;
  }
  return { ...first, permission: permissions.join(' or ') };
}

/**
 * A key's scope (design 000 ScopedApiKey.permissions) limits what its owner may do through it:
 * the owner must be allowed AND the scope must cover it. Checked at use, so a demoted owner's keys
 * shrink with them.
 */
export function checkScoped(owner: CompiledSubject, scope: CompiledSubject, permission: string): Decision {
  const decision = check(owner, permission);
  if (!decision.allow) return decision;
  return check(scope, permission).allow ? decision : DENY.outsideKeyScope;
}
