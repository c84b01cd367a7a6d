import type { RequestHandler, Router } from 'express';
import { RosterError } from '../errors/index.js';
import { checkAny, teamActionPermissions } from '../rbac/index.js';
import {
  acceptInvitationToken,
  addMember,
  createInvitation,
  createTeam,
  deleteTeam,
  getTeam,
  invitationView,
  listInvitations,
  listMembers,
  listTeams,
  removeMember,
  revokeInvitation,
  setMemberRole,
  teamView,
  type TeamDoc,
} from '../teams/index.js';
import { ROSTER_PERMISSIONS as P } from './admin-permissions.js';
import type { AuthzContext } from './context.js';
import type { PermissionGuard } from './guard.js';
import { param, parse, principalOf } from './http-input.js';
import { acceptSchema, invitationSchema, memberAddSchema, memberRoleSchema, teamCreateSchema } from './team-schemas.js';

// Admin API for teams and invitations (design 001 Step 4). Org-wide team:* permissions allow an
// action on every team; a team's owners and admins hold it for their own team only
// (team:manage:<teamId>, granted by their team role through effective-role recomputation).

type TeamAction = 'view' | 'manage' | 'remove' | 'invite' | 'delete';

export function mountTeamRoutes(router: Router, ctx: AuthzContext, guard: PermissionGuard, json: RequestHandler): void {
  /** Resolves :team and checks `action` on it; an unknown team is a 403 to whoever may not see every team. */
  const onTeam =
    (action: TeamAction): RequestHandler =>
    async (req, res, next) => {
      const principal = principalOf(res);
      const wide = `team:${action}`;
      const team = await getTeam(ctx.store, principal.tenantId, param(req, 'team')).catch((err) => {
        if (principal.check(wide).allow || principal.check(P.teamManage).allow) throw err;
        return null;
      });
      const decision = team
        ? checkAny(principal.check, teamActionPermissions(team._id, action))
        : { allow: false, reason: 'denied: no grant', permission: wide };
      if (!decision.allow) return guard.deny(req, res, principal, wide, decision);
      res.locals.team = team;
      next();
    };
  const teamOf = (res: { locals: Record<string, unknown> }) => res.locals.team as TeamDoc;

  router.post('/v1/teams', json, guard.requirePermission(P.teamManage), async (req, res) => {
    const principal = principalOf(res);
    const team = await createTeam(ctx.directory, {
      ...parse(teamCreateSchema, req.body),
      tenantId: principal.tenantId,
      actor: principal.actor,
    });
    res.status(201).json({ ...teamView(team), members: await listMembers(ctx.directory, team.tenantId, team._id) });
  });

  router.get('/v1/teams', guard.requirePermission(P.teamView), async (_req, res) => {
    res.json({ teams: (await listTeams(ctx.directory, principalOf(res).tenantId)).map(teamView) });
  });

  router.get('/v1/teams/:team', guard.authenticate, onTeam('view'), async (_req, res) => {
    const team = teamOf(res);
    res.json({ ...teamView(team), members: await listMembers(ctx.directory, team.tenantId, team._id) });
  });

  router.delete('/v1/teams/:team', guard.authenticate, onTeam('delete'), async (_req, res) => {
    const principal = principalOf(res);
    await deleteTeam(ctx.directory, { tenantId: principal.tenantId, team: teamOf(res)._id, actor: principal.actor });
    res.status(204).end();
  });

  router.post('/v1/teams/:team/members', json, guard.authenticate, onTeam('manage'), async (req, res) => {
    const principal = principalOf(res);
    const body = parse(memberAddSchema, req.body);
    const team = teamOf(res);
    await addMember(ctx.directory, { ...body, tenantId: principal.tenantId, team: team._id, actor: principal.actor });
    res.status(201).json({ members: await listMembers(ctx.directory, team.tenantId, team._id) });
  });

  router.patch('/v1/teams/:team/members/:user', json, guard.authenticate, onTeam('manage'), async (req, res) => {
    const principal = principalOf(res);
    const { role } = parse(memberRoleSchema, req.body);
    const team = teamOf(res);
    const input = { tenantId: principal.tenantId, team: team._id, user: param(req, 'user'), role };
    await setMemberRole(ctx.directory, { ...input, actor: principal.actor });
    res.json({ members: await listMembers(ctx.directory, team.tenantId, team._id) });
  });

  router.delete('/v1/teams/:team/members/:user', guard.authenticate, onTeam('remove'), async (req, res) => {
    const principal = principalOf(res);
    const team = teamOf(res);
    const input = { tenantId: principal.tenantId, team: team._id, user: param(req, 'user') };
    await removeMember(ctx.directory, { ...input, actor: principal.actor });
    res.status(204).end();
  });

  router.post('/v1/teams/:team/invitations', json, guard.authenticate, onTeam('invite'), async (req, res) => {
    const principal = principalOf(res);
    const body = parse(invitationSchema, req.body);
    const { invitation, token } = await createInvitation(ctx.directory, {
      ...body,
      tenantId: principal.tenantId,
      team: teamOf(res)._id,
      actor: principal.actor,
    });
    // The token is shown here, once; only its SHA-256 is stored.
    res.status(201).json({ ...invitationView(invitation, ctx.now()), token });
  });

  router.get('/v1/teams/:team/invitations', guard.authenticate, onTeam('view'), async (_req, res) => {
    const team = teamOf(res);
    const list = await listInvitations(ctx.directory, team.tenantId, team._id);
    res.json({ invitations: list.map((i) => invitationView(i, ctx.now())) });
  });

  router.delete('/v1/teams/:team/invitations/:id', guard.authenticate, onTeam('invite'), async (req, res) => {
    const principal = principalOf(res);
    await revokeInvitation(ctx.directory, {
      tenantId: principal.tenantId,
      id: param(req, 'id'),
      actor: principal.actor,
    });
    res.status(204).end();
  });

  // The application presents a token for a user (a scoped key: for its own user, no permission needed).
  router.post('/v1/invitations/accept', json, guard.authenticate, async (req, res) => {
    const principal = principalOf(res);
    const body = parse(acceptSchema, req.body);
    const self = principal.kind === 'scoped' && (body.user === undefined || body.user === principal.owner._id);
    if (!self) {
      const may = principal.check(P.teamManage);
      if (!may.allow) return guard.deny(req, res, principal, P.teamManage, may);
    }
    const user = self && principal.kind === 'scoped' ? principal.owner._id : body.user;
    if (user === undefined) throw new RosterError('invalid_input', 'user is required when calling with an admin key');
    const accepted = await acceptInvitationToken(ctx.directory, {
      tenantId: principal.tenantId,
      token: body.token,
      user,
    });
    res.json(invitationView(accepted, ctx.now()));
  });
}
