/**
 * What every check answers: whether it allows, and which rule decided (design 001 "reason" in its
 * access audit events). Decisions are immutable and often shared, so a hot check allocates nothing.
 */
export interface Decision {
  readonly allow: boolean;
  readonly reason: string;
}

export function allow(reason: string): Decision {
  return Object.freeze({ allow: true, reason });
}

export function deny(reason: string): Decision {
  return Object.freeze({ allow: false, reason });
}

/** Reasons that need no context; shared instances (deny-by-default answers are the common case). */
export const DENY = Object.freeze({
  noGrant: deny('denied: no grant'),
  userDenyList: deny('denied: user deny list'),
  outsideKeyScope: deny('denied: outside key scope'),
  malformed: deny('denied: malformed permission'),
  inactive: deny('denied: user is not active'),
  unknownSubject: deny('denied: unknown subject'),
  noAclEntry: deny('denied: no ACL entry'),
  unknownKind: deny('denied: unknown resource kind'),
  notInAllowedGroup: deny('denied: not in an allowed group'),
  notOwnerOrParticipant: deny('denied: neither owner nor participant'),
  unknownModel: deny('denied: no model named'),
  modelNotInTenantAllowList: deny('denied: model not in tenant allow-list'),
  modelNotInKeyAllowList: deny('denied: model not in key allow-list'),
});

export const GRANT = Object.freeze({
  emptyAcl: allow('granted: empty ACL (every authenticated user)'),
});
