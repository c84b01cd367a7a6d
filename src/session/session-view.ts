import { capabilitiesForUser, type Capabilities } from '../authz/index.js';
import { findUser, type UserDoc } from '../people/index.js';
import type { Store } from '../store/index.js';
import type { SessionData } from './session-store.js';

// What GET /v1/session answers: the user as stored now (roles change between logins), their
// roles and the capabilities the RBAC engine computes for them.

export interface SessionView {
  tenant: string;
  user: { id: string; userName: string; displayName?: string; emails: string[]; active: boolean };
  roles: string[];
  permissions: string[];
  capabilities: Capabilities;
  session: { createdAt: string; expiresAt: string; issuer: string };
}

/** The session's user, or undefined when they were deleted or deactivated since logging in. */
export async function sessionUser(store: Store, session: SessionData): Promise<UserDoc | undefined> {
  const user = await findUser(store, session.tenantId, session.userId);
  return user && user.active !== false ? user : undefined;
}

export async function sessionView(store: Store, session: SessionData, user: UserDoc): Promise<SessionView> {
  return {
    tenant: session.tenantId,
    user: {
      id: user._id,
      userName: user.userName,
      ...(user.displayName ? { displayName: user.displayName } : {}),
      emails: (user.emails ?? []).map((e) => e.value),
      active: user.active !== false,
    },
    roles: [...(user.effectiveRoles ?? [])],
    permissions: [...(user.effectivePermissions ?? [])],
    capabilities: await capabilitiesForUser(store, session.tenantId, user),
    session: { createdAt: session.createdAt, expiresAt: session.expiresAt, issuer: session.issuer },
  };
}
