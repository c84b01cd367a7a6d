// Teams (design 001 Step 4): teams created by an administrator or mapped from an IdP group, member
// roles within a team that feed the RBAC engine, and email invitations with single-use tokens.
export type { InvitationDoc, InvitationState, TeamDoc, TeamMemberDoc, TeamRole } from './types.js';
export { createTeam, deleteTeam, getTeam, listTeams, teamView, type CreateTeamInput } from './teams.js';
export {
  addMember,
  assertTeamRole,
  listMembers,
  removeMember,
  setMemberRole,
  type MemberInput,
  type TeamMemberView,
} from './members.js';
export {
  acceptInvitationToken,
  acceptInvitationsFor,
  liveInvitationsFor,
  createInvitation,
  DEFAULT_INVITATION_DAYS,
  invitationStatus,
  invitationView,
  listInvitations,
  revokeInvitation,
  type InvitationStatus,
  type InviteInput,
} from './invitations.js';
