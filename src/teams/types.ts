import type { Actor } from '../audit/index.js';
import type { BaseDoc } from '../store/index.js';

// Teams (design 001 Step 4): a tenant's teams, their members with a role within the team, and
// email invitations. A team may be mapped from an IdP group: the group's members are then the
// team's members (role `member`) without a teamMembers document, so the IdP stays their source.

export type { TeamRole } from '../rbac/index.js';
import type { TeamRole } from '../rbac/index.js';

export interface TeamDoc extends BaseDoc {
  tenantId: string;
  name: string;
  nameLower: string;
  description?: string;
  /** The IdP group this team is mapped from (Roster's group id). */
  groupId?: string;
  /** A tenant role every member of the team holds (effective roles show it with source `team`). */
  role?: string;
  createdAt: string;
  updatedAt: string;
  createdBy: Actor;
}

export interface TeamMemberDoc extends BaseDoc {
  tenantId: string;
  teamId: string;
  userId: string;
  role: TeamRole;
  joinedAt: string;
  /** Who added them, or the invitation they accepted. */
  addedBy: Actor;
  invitationId?: string;
}

export type InvitationState = 'pending' | 'accepted' | 'revoked';

export interface InvitationDoc extends BaseDoc {
  tenantId: string;
  teamId: string;
  email: string;
  emailLower: string;
  role: TeamRole;
  /** SHA-256 of the single-use token (src/credentials/secrets.ts); the token is shown once. */
  tokenHash: string;
  hint: string;
  state: InvitationState;
  expiresAt: string;
  createdAt: string;
  createdBy: Actor;
  acceptedAt?: string;
  acceptedBy?: string;
  revokedAt?: string;
}
