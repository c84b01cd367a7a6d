import type { Command } from 'commander';
import { RosterError } from '../errors/index.js';
import {
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
} from '../teams/index.js';
import { cliActor, withDirectory } from './context.js';

// `roster team …`: a tenant's teams, their members and email invitations (design 001 Step 4).
// Teams are named by id or name, users by id or userName.

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new RosterError('invalid_input', '--expires-in-days takes a whole number of days');
  return n;
}

function registerTeamCrud(team: Command): void {
  team
    .command('create <tenant> <name>')
    .description('create a team; --group maps it from an IdP group, whose members then belong to it')
    .option('--description <text>', 'what the team is for')
    .option('--group <group>', 'an IdP group (id, externalId or displayName)')
    .option('--role <role>', 'a tenant role every member holds')
    .option('--owner <user>', 'a user (id or userName) made its first owner')
    .action(
      async (
        tenantId: string,
        name: string,
        opts: { description?: string; group?: string; role?: string; owner?: string },
      ) => {
        const created = await withDirectory((deps) => createTeam(deps, { tenantId, name, ...opts, actor: cliActor() }));
        print(`created team ${created._id} (${created.name})`);
      },
    );
  team
    .command('list <tenant>')
    .description("list a tenant's teams")
    .option('--json', 'print JSON')
    .action(async (tenantId: string, opts: { json?: boolean }) => {
      const teams = (await withDirectory((deps) => listTeams(deps, tenantId))).map(teamView);
      if (opts.json) return print(JSON.stringify(teams, null, 2));
      for (const t of teams) print(`${t.id}\t${t.name}\tgroup ${t.groupId ?? '-'}\trole ${t.role ?? '-'}`);
    });
  team
    .command('show <tenant> <team>')
    .description('show a team and its members with their team roles')
    .option('--json', 'print JSON')
    .action(async (tenantId: string, ref: string, opts: { json?: boolean }) => {
      const { team: doc, members } = await withDirectory(async (deps) => ({
        team: await getTeam(deps.store, tenantId, ref),
        members: await listMembers(deps, tenantId, ref),
      }));
      if (opts.json) return print(JSON.stringify({ ...teamView(doc), members }, null, 2));
      print(`${doc._id}\t${doc.name}`);
      for (const m of members) print(`  ${m.role}\t${m.userName}\t${m.email ?? '-'}\tvia ${m.via}`);
    });
  team
    .command('delete <tenant> <team>')
    .description('delete a team, its member list and its pending invitations')
    .action(async (tenantId: string, ref: string) => {
      await withDirectory((deps) => deleteTeam(deps, { tenantId, team: ref, actor: cliActor() }));
      print(`deleted team ${ref}`);
    });
}

function registerMemberCommands(team: Command): void {
  team
    .command('add-member <tenant> <team> <user>')
    .description('add a user to a team')
    .option('--role <role>', 'owner, admin or member', 'member')
    .action(async (tenantId: string, ref: string, user: string, opts: { role: string }) => {
      await withDirectory((deps) => addMember(deps, { tenantId, team: ref, user, role: opts.role, actor: cliActor() }));
      print(`added ${user} to ${ref} as ${opts.role}`);
    });
  team
    .command('remove-member <tenant> <team> <user>')
    .description('remove a user from a team')
    .action(async (tenantId: string, ref: string, user: string) => {
      await withDirectory((deps) => removeMember(deps, { tenantId, team: ref, user, actor: cliActor() }));
      print(`removed ${user} from ${ref}`);
    });
  team
    .command('set-role <tenant> <team> <user> <role>')
    .description("change a member's team role (owner, admin or member)")
    .action(async (tenantId: string, ref: string, user: string, role: string) => {
      await withDirectory((deps) => setMemberRole(deps, { tenantId, team: ref, user, role, actor: cliActor() }));
      print(`${user} is now ${role} of ${ref}`);
    });
}

function registerInvitationCommands(team: Command): void {
  team
    .command('invite <tenant> <team> <email>')
    .description('invite by email; accepted at their first SAML login or SCIM provisioning')
    .option('--role <role>', 'owner, admin or member', 'member')
    .option('--expires-in-days <n>', 'days until it expires (1-90)', '7')
    .action(async (tenantId: string, ref: string, email: string, opts: { role: string; expiresInDays: string }) => {
      const { invitation, token } = await withDirectory((deps) =>
        createInvitation(deps, {
          tenantId,
          team: ref,
          email,
          role: opts.role,
          expiresInDays: days(opts.expiresInDays),
          actor: cliActor(),
        }),
      );
      process.stderr.write(
        `invitation ${invitation._id} for ${email}, expires ${invitation.expiresAt}; token, shown once:\n`,
      );
      print(token);
    });
  team
    .command('invitations <tenant> <team>')
    .description("list a team's invitations (never the tokens)")
    .action(async (tenantId: string, ref: string) => {
      const list = await withDirectory((deps) => listInvitations(deps, tenantId, ref));
      for (const inv of list.map((i) => invitationView(i, new Date())))
        print(`${inv.id}\t${inv.email}\t${inv.role}\t${inv.status}\texpires ${inv.expiresAt}`);
    });
  team
    .command('revoke-invite <tenant> <invitation-id>')
    .description('revoke a pending invitation')
    .action(async (tenantId: string, id: string) => {
      await withDirectory((deps) => revokeInvitation(deps, { tenantId, id, actor: cliActor() }));
      print(`revoked invitation ${id}`);
    });
}

export function registerTeamCommands(program: Command): void {
  const team = program.command('team').description("manage a tenant's teams, members and invitations");
  registerTeamCrud(team);
  registerMemberCommands(team);
  registerInvitationCommands(team);
}
