import type { Command } from 'commander';
import { createCredential, listCredentials, revokeCredential, type SecretKind } from '../credentials/index.js';
import { createTenant, getTenant, IP_SURFACES, listTenants, setIpAllowLists } from '../tenants/index.js';
import { ADMIN_KEY_PERMISSIONS, parseAdminKeyPermissions } from '../authz/index.js';
import { DEFAULT_PRESET, PRESET_NAMES } from '../../config/roles/index.js';
import { cliActor, withDirectory } from './context.js';
import { registerTenantUpdate } from './access-commands.js';
import { futureDateFlag, withArticle } from './flags.js';

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function registerTenantCommands(program: Command): void {
  const tenant = program.command('tenant').description('manage tenants (customer organizations)');
  tenant
    .command('create <id>')
    .description('create a tenant; <id> is its URL slug (lowercase letters, digits, dashes)')
    .option('--name <name>', 'display name (defaults to the id)')
    .option('--plan <plan>', 'free, pro or enterprise (sets the plan defaults of seed 000)', 'free')
    .option(
      '--preset <preset>',
      `roles, group mapping and ACLs to start from: ${PRESET_NAMES.join(', ')}`,
      DEFAULT_PRESET,
    )
    .action(async (id: string, opts: { name?: string; plan: string; preset: string }) => {
      const created = await withDirectory((deps) =>
        createTenant(deps, { id, name: opts.name, plan: opts.plan, preset: opts.preset, actor: cliActor() }),
      );
      print(`created tenant ${created._id} (plan ${created.plan}, preset ${opts.preset})`);
    });
  tenant
    .command('list')
    .description('list tenants')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const tenants = await withDirectory((deps) => listTenants(deps));
      if (opts.json) return print(JSON.stringify(tenants, null, 2));
      for (const t of tenants) print(`${t._id}\t${t.plan}\t${t.name}\t${t.createdAt}`);
    });
  registerTenantUpdate(tenant);
  registerAllowIpsCommand(tenant);
}

/** `any` (or an empty list) clears a surface's list: every address may call it again. */
function cidrOption(value: string | undefined): string[] | null | undefined {
  if (value === undefined) return undefined;
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length === 0 || (list.length === 1 && list[0].toLowerCase() === 'any') ? null : list;
}

function registerAllowIpsCommand(tenant: Command): void {
  tenant
    .command('allow-ips <id>')
    .description(
      "set a tenant's IP allow-lists: comma-separated IPv4/IPv6 CIDR ranges per surface; `any` clears one; no " +
        'option prints them',
    )
    .option('--scim <cidrs>', 'who may call /scim/v2/<tenant> (the IdP provisioning service)')
    .option('--api <cidrs>', "who may call the admin and authorization API with the tenant's keys")
    .option('--saml <cidrs>', 'where employees may sign in from (/saml/<tenant>/login and /acs)')
    .action(async (id: string, opts: { scim?: string; api?: string; saml?: string }) => {
      const lists = Object.fromEntries(
        IP_SURFACES.map((s) => [s, cidrOption(opts[s])]).filter(([, v]) => v !== undefined),
      );
      const result = await withDirectory(async (deps) =>
        Object.keys(lists).length
          ? setIpAllowLists(deps, { tenantId: id, lists, actor: cliActor() })
          : ((await getTenant(deps, id)).ipAllowLists ?? {}),
      );
      for (const surface of IP_SURFACES) print(`${surface}\t${result[surface]?.join(',') ?? 'any'}`);
    });
}

/** `token` (SCIM bearer tokens) and `key` (admin API keys) share one shape of commands. */
function registerSecretCommands(program: Command, name: string, kind: SecretKind, what: string): void {
  const group = program.command(name).description(`manage ${what}s`);
  const create = group
    .command('create <tenant>')
    .description(`issue ${withArticle(what)}; it is printed once and only its hash is stored`)
    .option('--name <name>', 'a label to tell it apart')
    .option('--expires <iso>', 'expiry as an ISO-8601 date-time in the future', futureDateFlag());
  if (kind === 'admin')
    create.option(
      '--permissions <list>',
      `comma-separated permissions the key is limited to (default: all, admin:*): ${ADMIN_KEY_PERMISSIONS.join(', ')}`,
    );
  create.action(async (tenantId: string, opts: { name?: string; expires?: string; permissions?: string }) => {
    const permissions =
      opts.permissions === undefined ? undefined : parseAdminKeyPermissions(opts.permissions.split(','));
    const { credential, secret } = await withDirectory(async (deps) => {
      await getTenant(deps, tenantId);
      return createCredential(deps, {
        tenantId,
        kind,
        name: opts.name,
        expiresAt: opts.expires,
        actor: cliActor(),
        ...(permissions ? { extra: { permissions } } : {}),
      });
    });
    process.stderr.write(`${what} ${credential._id} for tenant ${tenantId}; store it now, it is not shown again:\n`);
    print(secret);
  });
  group
    .command('revoke <tenant> <id>')
    .description(`revoke ${withArticle(what)} by its id`)
    .action(async (tenantId: string, id: string) => {
      await withDirectory((deps) => revokeCredential(deps, { tenantId, kind, id, actor: cliActor() }));
      print(`revoked ${what} ${id}`);
    });
  group
    .command('list <tenant>')
    .description(`list a tenant's ${what}s (never the secrets)`)
    .action(async (tenantId: string) => {
      const list = await withDirectory((deps) => listCredentials(deps, tenantId, kind));
      for (const c of list) {
        const state = c.revokedAt
          ? 'revoked'
          : c.expiresAt && Date.parse(c.expiresAt) <= Date.now()
            ? 'expired'
            : 'active';
        const scope =
          kind === 'admin' ? `\t${((c as { permissions?: string[] }).permissions ?? ['admin:*']).join(',')}` : '';
        print(`${c._id}\t${c.hint}\t${state}\t${c.name}${scope}\tlast used ${c.lastUsedAt ?? 'never'}`);
      }
    });
}

export function registerCredentialCommands(program: Command): void {
  registerSecretCommands(program, 'token', 'scim', 'SCIM token');
  registerSecretCommands(program, 'key', 'admin', 'admin API key');
}
