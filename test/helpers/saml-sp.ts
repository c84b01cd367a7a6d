import { inflateRawSync } from 'node:zlib';
import type { Actor } from '../../src/audit/index.js';
import { createTenant } from '../../src/tenants/index.js';
import { newId } from '../../src/domain/index.js';
import { putRole, putRoleMapping } from '../../src/access/index.js';
import type { GroupDoc, MembershipDoc, UserDoc } from '../../src/people/index.js';
import { saveConnection, spEndpoints, type IdpConnectionSettings } from '../../src/saml/index.js';
import { createTestIdp, certBody, type KeyName, type ResponseSpec, type TestIdp } from './saml-idp.js';
import { startTestServer, type TestServer } from './server.js';

// Roster as the SP under test: a real server, a tenant, and its IdP connection to a test IdP.

export const ADMIN: Actor = { type: 'cli', id: 'test' };

export interface SamlFixture {
  server: TestServer;
  tenantId: string;
  idp: TestIdp;
  sp: { entityId: string; acsUrl: string; loginUrl: string };
  /** A response for this SP from the test IdP; `spec` overrides any field. */
  respond(spec: Partial<ResponseSpec> & { nameId?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function startSamlFixture(
  options: {
    tenantId?: string;
    env?: Record<string, string>;
    connection?: IdpConnectionSettings;
    idpKey?: KeyName;
    server?: TestServer;
  } = {},
): Promise<SamlFixture> {
  const server = options.server ?? (await startTestServer(options.env));
  const tenantId = options.tenantId ?? 'acme';
  await createTenant(server.directory, { id: tenantId, plan: 'enterprise', actor: ADMIN });
  const idp = createTestIdp({ key: options.idpKey });
  await saveConnection(server.directory, {
    tenantId,
    settings: {
      idpEntityId: idp.entityId,
      ssoUrl: idp.ssoUrl,
      signingCerts: [certBody('idp-signing')],
      profile: 'okta',
      ...options.connection,
    },
    actor: ADMIN,
  });
  const sp = spEndpoints(server.config.publicUrl, tenantId);
  return {
    server,
    tenantId,
    idp,
    sp,
    respond: (spec) => idp.issue({ acsUrl: sp.acsUrl, audience: sp.entityId, nameId: 'ada@acme.test', ...spec }),
    close: () => (options.server ? Promise.resolve() : server.close()),
  };
}

export interface LoginStart {
  status: number;
  location: URL;
  requestId: string;
  relayState: string;
  authnRequestXml: string;
}

/** GET /saml/{tenant}/login without following the redirect; reads the AuthnRequest it carries. */
export async function startLogin(fixture: Pick<SamlFixture, 'sp'>, query = ''): Promise<LoginStart> {
  const res = await fetch(`${fixture.sp.loginUrl}${query}`, { redirect: 'manual' });
  if (res.status !== 302) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  const location = new URL(res.headers.get('location')!);
  const authnRequestXml = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest')!, 'base64')).toString(
    'utf8',
  );
  const requestId = /\sID="([^"]+)"/.exec(authnRequestXml)![1];
  return {
    status: res.status,
    location,
    requestId,
    relayState: location.searchParams.get('RelayState')!,
    authnRequestXml,
  };
}

export interface AcsResult {
  status: number;
  location: string | null;
  setCookie: string | null;
  requestId: string | null;
  body: string;
}

/** POSTs a form to the ACS like a browser does, without following the redirect. */
export async function postAcs(
  fixture: Pick<SamlFixture, 'sp'>,
  form: Record<string, string> | string,
  init: RequestInit = {},
  origin?: string,
  query = '',
): Promise<AcsResult> {
  const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
  const url = `${origin ? `${origin}${new URL(fixture.sp.acsUrl).pathname}` : fixture.sp.acsUrl}${query}`;
  const res = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
    ...init,
  });
  return {
    status: res.status,
    location: res.headers.get('location'),
    setCookie: res.headers.get('set-cookie'),
    requestId: res.headers.get('x-request-id'),
    body: await res.text(),
  };
}

/** A full SP-initiated login: login → signed response answering it → ACS. */
export async function login(
  fixture: SamlFixture,
  spec: Partial<ResponseSpec> = {},
  query = '',
): Promise<AcsResult & { start: LoginStart }> {
  const start = await startLogin(fixture, query);
  const SAMLResponse = await fixture.respond({ inResponseTo: start.requestId, ...spec });
  return { ...(await postAcs(fixture, { SAMLResponse, RelayState: start.relayState })), start };
}

export interface Refusal {
  code: string;
  reason: string;
}

/**
 * Asserts the ACS refused: an error page (never a 5xx, never a session) quoting the request id,
 * and a user.login_failed audit record for that request; returns the record's code and reason.
 */
export async function refusalOf(fixture: SamlFixture, res: AcsResult): Promise<Refusal> {
  if (res.status < 400 || res.status >= 500)
    throw new Error(`expected a 4xx refusal, got ${res.status} ${res.location ?? ''} ${res.body.slice(0, 300)}`);
  if (res.setCookie) throw new Error('a refused login set a cookie');
  if (!res.requestId || !res.body.includes(res.requestId))
    throw new Error('the error page does not quote the request id');
  const audit = await fixture.server.store
    .collection('auditEvents')
    .findOne({ tenantId: fixture.tenantId, action: 'user.login_failed', requestId: res.requestId });
  if (!audit) throw new Error(`no user.login_failed audit record for request ${res.requestId}`);
  const reason = String(audit.reason);
  return { code: reason.split(':')[0], reason };
}

export function sessionCookieFrom(setCookie: string | null): string {
  const match = /(__Host-roster_session=[^;]+)/.exec(setCookie ?? '');
  if (!match) throw new Error(`no session cookie in ${setCookie}`);
  return match[1];
}

export { createTestIdp };

/** Roles and a group→role mapping for the fixture's tenant, through the RBAC engine's services. */
export async function defineRoles(
  fixture: SamlFixture,
  roles: Array<{ name: string; permissions: string[] }>,
  rules: Array<{ group?: string; groupId?: string; role: string }>,
): Promise<void> {
  for (const role of roles) await putRole(fixture.server.directory, fixture.tenantId, role, ADMIN);
  await putRoleMapping(
    fixture.server.directory,
    fixture.tenantId,
    { strategy: 'union', defaultRole: null, rules },
    ADMIN,
  );
}

/** A user as SCIM provisioning stores one (source 'scim'). */
export async function insertScimUser(
  fixture: SamlFixture,
  fields: Partial<UserDoc> & { userName: string },
): Promise<UserDoc> {
  const time = new Date().toISOString();
  const email = fields.emails?.[0]?.value;
  const user: UserDoc = {
    _id: newId(),
    tenantId: fixture.tenantId,
    userNameLower: fields.userName.toLowerCase(),
    active: true,
    ...(email ? { primaryEmailLower: email.toLowerCase() } : {}),
    effectiveRoles: [],
    effectivePermissions: [],
    customPermissions: [],
    deniedPermissions: [],
    source: 'scim',
    createdAt: time,
    updatedAt: time,
    version: 1,
    ...fields,
  };
  await fixture.server.store.collection<UserDoc>('users').insertOne(user);
  return user;
}

export async function insertGroup(
  fixture: SamlFixture,
  displayName: string,
  source: GroupDoc['source'] = 'scim',
  externalId?: string,
): Promise<GroupDoc> {
  const time = new Date().toISOString();
  const group: GroupDoc = {
    _id: newId(),
    tenantId: fixture.tenantId,
    displayName,
    displayNameLower: displayName.toLowerCase(),
    ...(externalId ? { externalId } : {}),
    source,
    createdAt: time,
    updatedAt: time,
    version: 1,
  };
  await fixture.server.store.collection<GroupDoc>('groups').insertOne(group);
  return group;
}

export async function groupNamesOf(
  fixture: SamlFixture,
  userId: string,
): Promise<Array<{ name: string; source: string }>> {
  const memberships = await fixture.server.store
    .collection<MembershipDoc>('memberships')
    .find({ tenantId: fixture.tenantId, userId });
  const groups = await fixture.server.store
    .collection<GroupDoc>('groups')
    .find({ tenantId: fixture.tenantId, _id: { $in: memberships.map((m) => m.groupId) } });
  const byId = new Map(groups.map((g) => [g._id, g.displayName]));
  return memberships
    .map((m) => ({ name: byId.get(m.groupId)!, source: m.source }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function userByName(fixture: SamlFixture, userName: string): Promise<UserDoc | null> {
  return fixture.server.store
    .collection<UserDoc>('users')
    .findOne({ tenantId: fixture.tenantId, userNameLower: userName.toLowerCase() });
}
