import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { RosterError } from '../errors/index.js';
import {
  deleteConnection,
  getConnection,
  importConnectionMetadata,
  loadSpCredentials,
  parseCertificates,
  saveConnection,
  spEndpoints,
  spMetadataXml,
  validateSettings,
  viewConnection,
  type IdpConnectionSettings,
} from '../saml/index.js';
import { cliActor, cliConfig, withDirectory } from './context.js';

// `roster idp …`: a tenant's SAML identity provider connection, from metadata or by hand.

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new RosterError(
      'invalid_input',
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

function onOff(flag: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== 'on' && value !== 'off') throw new RosterError('invalid_input', `${flag} takes on or off`);
  return value === 'on';
}

/** "field=attribute" pairs → an attributeMapping (extra fields go under extra). */
function mapping(pairs: string[], extras: string[]): Record<string, unknown> | undefined {
  if (!pairs.length && !extras.length) return undefined;
  const split = (pair: string) => {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new RosterError('invalid_input', `expected field=attribute, got "${pair}"`);
    return [pair.slice(0, eq), pair.slice(eq + 1)] as const;
  };
  return {
    ...Object.fromEntries(pairs.map(split)),
    ...(extras.length ? { extra: Object.fromEntries(extras.map(split)) } : {}),
  };
}

interface SettingsFlags {
  entityId?: string;
  ssoUrl?: string;
  ssoBinding?: string;
  cert: string[];
  profile?: string;
  idpInitiated?: string;
  sha1?: string;
  defaultReturnTo?: string;
  allowReturnTo: string[];
  map: string[];
  mapExtra: string[];
}

function settingsFrom(flags: SettingsFlags): IdpConnectionSettings {
  const raw: Record<string, unknown> = {
    idpEntityId: flags.entityId,
    ssoUrl: flags.ssoUrl,
    ssoBinding: flags.ssoBinding,
    signingCerts: flags.cert.length ? flags.cert.flatMap((file) => parseCertificates(readText(file))) : undefined,
    profile: flags.profile,
    allowIdpInitiated: onOff('--idp-initiated', flags.idpInitiated),
    allowSha1: onOff('--sha1', flags.sha1),
    defaultReturnTo: flags.defaultReturnTo,
    returnToAllowList: flags.allowReturnTo.length ? flags.allowReturnTo : undefined,
    attributeMapping: mapping(flags.map, flags.mapExtra),
  };
  return validateSettings(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
}

const collect = (value: string, previous: string[]) => [...previous, value];

function withSettingsFlags(command: Command): Command {
  return command
    .option('--entity-id <id>', "the IdP's entityID")
    .option('--sso-url <url>', "the IdP's single sign-on URL")
    .option('--sso-binding <binding>', 'redirect or post')
    .option('--cert <file>', 'a PEM file of signing certificates (repeat for several)', collect, [])
    .option('--profile <name>', 'okta, entra, google, adfs, onelogin or custom')
    .option('--idp-initiated <on|off>', 'accept logins started at the IdP (off by default)')
    .option('--sha1 <on|off>', 'accept SHA-1 signatures (off by default)')
    .option(
      '--default-return-to <path-or-url>',
      "the tenant's application URL: where a login that names no returnTo lands (default /, Roster's signed-in page)",
    )
    .option('--allow-return-to <origin>', 'an origin returnTo may point at (repeat; replaces the list)', collect, [])
    .option(
      '--map <field=attribute>',
      'attribute name for email, firstName, lastName, displayName, groups, groupsAre, groupsDelimiter',
      collect,
      [],
    )
    .option('--map-extra <key=attribute>', 'an extra attribute kept on the user as samlAttributes.<key>', collect, []);
}

function show(doc: Parameters<typeof viewConnection>[0]): void {
  const view = viewConnection(doc);
  print(`idp        ${view.idpEntityId}`);
  print(`sso        ${view.ssoUrl} (${view.ssoBinding})`);
  print(
    `profile    ${view.profile}` +
      (Object.keys(view.attributeMapping).length ? ` ${JSON.stringify(view.attributeMapping)}` : ''),
  );
  print(`idp-initiated ${view.allowIdpInitiated ? 'on' : 'off'}, sha1 ${view.allowSha1 ? 'on' : 'off'}`);
  print(
    `returnTo   default ${view.defaultReturnTo}; allowed ${view.returnToAllowList.join(', ') || '(local paths only)'}`,
  );
  for (const cert of view.signingCerts)
    print(`cert       ${cert.fingerprintSha256}  expires ${cert.notAfter}  ${cert.subject}`);
}

export function registerIdpCommands(program: Command): void {
  const idp = program.command('idp').description("manage a tenant's SAML identity provider connection");

  withSettingsFlags(
    idp
      .command('import <tenant> <metadata-file>')
      .description("create or update the connection from the IdP's metadata XML"),
  ).action(async (tenantId: string, file: string, flags: SettingsFlags) => {
    const metadataXml = readText(file);
    const doc = await withDirectory((deps) =>
      importConnectionMetadata(deps, { tenantId, metadataXml, settings: settingsFrom(flags), actor: cliActor() }),
    );
    show(doc);
  });

  withSettingsFlags(
    idp.command('set <tenant>').description('create the connection by hand, or change the fields given'),
  ).action(async (tenantId: string, flags: SettingsFlags) => {
    const doc = await withDirectory((deps) =>
      saveConnection(deps, { tenantId, settings: settingsFrom(flags), actor: cliActor() }),
    );
    show(doc);
  });

  idp
    .command('show <tenant>')
    .description('show the connection')
    .option('--json', 'print JSON')
    .action(async (tenantId: string, opts: { json?: boolean }) => {
      const doc = await withDirectory((deps) => getConnection(deps, tenantId));
      if (opts.json) print(JSON.stringify(viewConnection(doc), null, 2));
      else show(doc);
    });

  idp
    .command('remove <tenant>')
    .description('remove the connection (SAML logins stop at once)')
    .action(async (tenantId: string) => {
      await withDirectory((deps) => deleteConnection(deps, { tenantId, actor: cliActor() }));
      print(`removed the SAML connection of ${tenantId}`);
    });

  idp
    .command('sp-metadata <tenant>')
    .description("print Roster's SP metadata for the tenant, to give to the IdP")
    .action((tenantId: string) => {
      const config = cliConfig();
      print(spMetadataXml(spEndpoints(config.publicUrl, tenantId), loadSpCredentials(config.saml)));
    });
}
