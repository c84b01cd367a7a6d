import { RosterError } from '../errors/index.js';
import type { DomainEventInput } from '../audit/index.js';
import type { Db } from '../store/index.js';
import { newId } from '../domain/index.js';
import { TRANSIENT_NAMEID, type MatchedBy, type SamlLoginClaims } from './saml-login-types.js';
import type { UserDoc } from '../people/index.js';

// Just-in-time users: find the user a SAML login names (by NameID, then userName, then email,
// always within the tenant), or create one. Users provisioned by SCIM keep their attributes:
// SCIM is their source of truth, so a login only links the NameID to them.

const isPersistent = (claims: SamlLoginClaims) => claims.nameIdFormat !== TRANSIENT_NAMEID;

function conflict(user: UserDoc, matchedBy: MatchedBy): RosterError {
  return new RosterError(
    'saml_identity_conflict',
    `the ${matchedBy} matches a user already linked to a different NameID`,
    {
      details: { userId: user._id, matchedBy },
    },
  );
}

/** A user found by userName or email may be linked only if no other NameID owns them. */
function linkable(
  user: UserDoc,
  matchedBy: MatchedBy,
  claims: SamlLoginClaims,
): { user: UserDoc; matchedBy: MatchedBy } {
  if (user.samlNameId && isPersistent(claims) && user.samlNameId !== claims.nameId) throw conflict(user, matchedBy);
  return { user, matchedBy };
}

export async function matchUser(
  tx: Db,
  tenantId: string,
  claims: SamlLoginClaims,
): Promise<{ user?: UserDoc; matchedBy?: MatchedBy }> {
  const users = tx.collection<UserDoc>('users');
  if (isPersistent(claims)) {
    const byNameId = await users.findOne({ tenantId, samlNameId: claims.nameId });
    if (byNameId) return { user: byNameId, matchedBy: 'nameId' };
    const byUserName = await users.findOne({ tenantId, userNameLower: claims.nameId.toLowerCase() });
    if (byUserName) return linkable(byUserName, 'userName', claims);
  }
  if (!claims.email) return {};
  const byEmail = await users.find({ tenantId, primaryEmailLower: claims.email.toLowerCase() }, { limit: 2 });
  // Two users sharing an email cannot be told apart by it: neither is chosen.
  if (byEmail.length > 1) throw conflict(byEmail[0], 'email');
  return byEmail.length ? linkable(byEmail[0], 'email', claims) : {};
}

/** The SCIM-shaped attributes a SAML login can say something about. */
function profileFields(claims: SamlLoginClaims): Partial<UserDoc> {
  const fields: Partial<UserDoc> = {};
  if (claims.displayName) fields.displayName = claims.displayName;
  const name: Record<string, string> = {};
  if (claims.firstName) name.givenName = claims.firstName;
  if (claims.lastName) name.familyName = claims.lastName;
  if (Object.keys(name).length) fields.name = name;
  if (claims.email) {
    fields.emails = [{ value: claims.email, type: 'work', primary: true }];
    fields.primaryEmailLower = claims.email.toLowerCase();
  }
  if (Object.keys(claims.attributes).length) fields.samlAttributes = claims.attributes;
  return fields;
}

export function newSamlUser(tenantId: string, claims: SamlLoginClaims, time: string): UserDoc {
  const userName = claims.email ?? claims.nameId;
  return {
    _id: newId(),
    tenantId,
    userName,
    userNameLower: userName.toLowerCase(),
    active: true,
    ...profileFields(claims),
    ...(isPersistent(claims) ? { samlNameId: claims.nameId } : {}),
    effectiveRoles: [],
    effectivePermissions: [],
    customPermissions: [],
    deniedPermissions: [],
    source: 'saml',
    createdAt: time,
    updatedAt: time,
    version: 1,
  };
}

function changes(user: UserDoc, claims: SamlLoginClaims): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  if (isPersistent(claims) && user.samlNameId !== claims.nameId) set.samlNameId = claims.nameId;
  if (user.source !== 'saml') return set;
  for (const [field, value] of Object.entries(profileFields(claims))) {
    if (JSON.stringify(user[field]) !== JSON.stringify(value)) set[field] = value;
  }
  return set;
}

/** Applies what changed (version++ and updatedAt only when something did). */
export async function updateSamlUser(
  tx: Db,
  user: UserDoc,
  claims: SamlLoginClaims,
  time: string,
): Promise<{ user: UserDoc; events: DomainEventInput[] }> {
  const set = changes(user, claims);
  const changed = Object.keys(set);
  if (changed.length === 0) return { user, events: [] };
  const updated = await tx
    .collection<UserDoc>('users')
    .findOneAndUpdate(
      { _id: user._id, tenantId: user.tenantId },
      { $set: { ...set, updatedAt: time }, $inc: { version: 1 } },
    );
  if (!updated) throw new RosterError('conflict', 'the user changed during login; please try again');
  return { user: updated, events: [{ type: 'user.updated', subject: user._id, payload: { changed, source: 'saml' } }] };
}
