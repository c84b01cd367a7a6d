import type { Command } from 'commander';
import { assignRole, getUserRoles, unassignRole, type UserRoles } from '../access/index.js';
import { RosterError } from '../errors/index.js';
import { updateTenant, type TenantSettings } from '../tenants/index.js';
import { cliActor, withDirectory } from './context.js';

// `roster user roles|assign-role|unassign-role` (design 000 updateUserRole) and
// `roster tenant update` (design 000 organization plan and settings).

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function showRoles(roles: UserRoles): void {
  print(`${roles.userName} (${roles.userId})`);
  for (const s of roles.sources) print(`  ${s.role}\t${s.source}${s.team ? ` ${s.team.name}` : ''}`);
  if (!roles.sources.length) print('  (no roles)');
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description("a user's roles: the IdP's, assigned ones, and their teams'");
  user
    .command('roles <tenant> <user>')
    .description('show effective roles and where each comes from (idp, assigned, team)')
    .option('--json', 'print JSON')
    .action(async (tenantId: string, ref: string, opts: { json?: boolean }) => {
      const roles = await withDirectory((deps) => getUserRoles(deps, tenantId, ref));
      if (opts.json) print(JSON.stringify(roles, null, 2));
      else showRoles(roles);
    });
  user
    .command('assign-role <tenant> <user> <role>')
    .description('grant a role directly; IdP changes never remove it')
    .action(async (tenantId: string, ref: string, role: string) => {
      showRoles(await withDirectory((deps) => assignRole(deps, { tenantId, user: ref, role, actor: cliActor() })));
    });
  user
    .command('unassign-role <tenant> <user> <role>')
    .description('withdraw a directly assigned role')
    .action(async (tenantId: string, ref: string, role: string) => {
      showRoles(await withDirectory((deps) => unassignRole(deps, { tenantId, user: ref, role, actor: cliActor() })));
    });
}

interface TenantUpdateFlags {
  name?: string;
  plan?: string;
  allowedModels?: string;
  maxRequestsPerDay?: string;
  requireApproval?: string;
}

function settingsFrom(flags: TenantUpdateFlags): Partial<TenantSettings> | undefined {
  const settings: Partial<TenantSettings> = {};
  if (flags.allowedModels !== undefined)
    settings.allowedModels = flags.allowedModels
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
  if (flags.maxRequestsPerDay !== undefined) {
    const n = Number(flags.maxRequestsPerDay);
    if (!Number.isInteger(n) || n < 0)
      throw new RosterError('invalid_input', '--max-requests-per-day takes a whole number, 0 or more');
    settings.maxRequestsPerDay = n;
  }
  if (flags.requireApproval !== undefined) {
    if (flags.requireApproval !== 'on' && flags.requireApproval !== 'off')
      throw new RosterError('invalid_input', '--require-approval takes on or off');
    settings.requireApproval = flags.requireApproval === 'on';
  }
  return Object.keys(settings).length ? settings : undefined;
}

/** Adds `update` under the existing `tenant` command. */
export function registerTenantUpdate(tenant: Command): void {
  tenant
    .command('update <id>')
    .description("change a tenant's plan (its settings reset to the plan's defaults) and settings")
    .option('--name <name>', 'display name')
    .option('--plan <plan>', 'free, pro or enterprise')
    .option('--allowed-models <list>', 'comma-separated model names the tenant may use')
    .option('--max-requests-per-day <n>', 'daily request cap')
    .option('--require-approval <on|off>', 'scoped keys wait for a second administrator')
    .action(async (id: string, flags: TenantUpdateFlags) => {
      const updated = await withDirectory((deps) =>
        updateTenant(deps, id, {
          name: flags.name,
          plan: flags.plan,
          settings: settingsFrom(flags),
          actor: cliActor(),
        }),
      );
      const s = updated.settings;
      print(`updated tenant ${updated._id}: plan ${updated.plan}`);
      print(`  allowed models ${s.allowedModels.join(', ') || '(none)'}`);
      print(`  max requests per day ${s.maxRequestsPerDay}, approval ${s.requireApproval ? 'on' : 'off'}`);
    });
}
