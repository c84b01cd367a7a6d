import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCredential } from '../../../src/credentials/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { runCli } from '../../helpers/cli.js';
import { certBody, certPem, createTestIdp, FIXTURES } from '../../helpers/saml-idp.js';
import { ADMIN } from '../../helpers/saml-sp.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

// IdP connections through the admin API and the CLI.

/** IdP metadata with two signing certificates, the way an IdP publishes one mid-rotation. */
function rotatingMetadata(): string {
  const xml = createTestIdp().metadataXml();
  const second =
    '<KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>' +
    `<ds:X509Certificate>${certBody('idp-signing-rotated')}</ds:X509Certificate>` +
    '</ds:X509Data></ds:KeyInfo></KeyDescriptor>';
  return xml.replace('</KeyDescriptor>', `</KeyDescriptor>${second}`);
}

describe('IdP connection admin API', () => {
  let server: TestServer;
  let key: string;
  beforeEach(async () => {
    server = await startTestServer();
    await createTenant(server.directory, { id: 'acme', actor: ADMIN });
    await createTenant(server.directory, { id: 'globex', actor: ADMIN });
    key = (await createCredential(server.directory, { tenantId: 'acme', kind: 'admin', actor: ADMIN })).secret;
  });
  afterEach(() => server.close());

  const call = (method: string, p: string, body?: string, type = 'application/json', token = key) =>
    fetch(`${server.url}${p}`, { method, body, headers: { authorization: `Bearer ${token}`, 'content-type': type } });

  it('imports IdP metadata with every signing certificate, then shows it with fingerprints', async () => {
    const put = await call('PUT', '/v1/saml/connection/metadata', rotatingMetadata(), 'application/samlmetadata+xml');
    expect(put.status).toBe(200);
    const view = await (await call('GET', '/v1/saml/connection')).json();
    expect(view).toMatchObject({
      tenantId: 'acme',
      idpEntityId: 'https://idp.example.test/saml',
      ssoUrl: 'https://idp.example.test/sso',
      ssoBinding: 'redirect',
      allowIdpInitiated: false,
      allowSha1: false,
      defaultReturnTo: '/',
      profile: 'custom',
      serviceProvider: { acsUrl: `${server.url}/saml/acme/acs`, entityId: `${server.url}/saml/acme/metadata` },
    });
    expect(view.signingCerts.map((c: { certificate: string }) => c.certificate)).toEqual([
      certBody('idp-signing'),
      certBody('idp-signing-rotated'),
    ]);
    expect(view.signingCerts[0].fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const audit = await server.store
      .collection('auditEvents')
      .findOne({ tenantId: 'acme', action: 'idp_connection.created' });
    expect(audit).toBeTruthy();
  });

  it('creates a connection by hand and changes single fields', async () => {
    const created = await call(
      'PUT',
      '/v1/saml/connection',
      JSON.stringify({
        idpEntityId: 'http://www.okta.com/exk1',
        ssoUrl: 'https://acme.okta.com/app/sso/saml',
        signingCerts: [certPem('idp-signing')],
        profile: 'okta',
      }),
    );
    expect(created.status).toBe(200);
    const changed = await call(
      'PUT',
      '/v1/saml/connection',
      JSON.stringify({
        allowIdpInitiated: true,
        returnToAllowList: ['https://app.acme.test'],
        defaultReturnTo: 'https://app.acme.test/home',
      }),
    );
    expect(await changed.json()).toMatchObject({
      idpEntityId: 'http://www.okta.com/exk1',
      allowIdpInitiated: true,
      defaultReturnTo: 'https://app.acme.test/home',
      version: 2,
    });
  });

  const base = { idpEntityId: 'x', ssoUrl: 'https://idp.example/sso', signingCerts: [certPem('idp-signing')] };
  it.each([
    ['a plain-http SSO URL', { ...base, ssoUrl: 'http://idp.example/sso' }, /ssoUrl must use https/],
    ['a certificate that is not one', { ...base, signingCerts: ['not a cert'] }, /certificate/],
    [
      'a new connection without certificates',
      { idpEntityId: 'x', ssoUrl: 'https://idp.example/sso' },
      /needs signingCerts/,
    ],
    ['an unknown profile', { ...base, profile: 'ping' }, /profile must be one of/],
    ['a protocol-relative default returnTo', { ...base, defaultReturnTo: '//evil.example' }, /defaultReturnTo/],
    ['an allow-list entry with a path', { ...base, returnToAllowList: ['https://app.example/path'] }, /origin/],
    ['an unknown field', { ...base, surprise: true }, /unknown field/],
  ])('refuses %s with problem+json naming the field', async (_what, body, message) => {
    const res = await call('PUT', '/v1/saml/connection', JSON.stringify(body));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await res.json()).detail).toMatch(message);
  });

  it('refuses metadata with a DOCTYPE', async () => {
    const res = await call(
      'PUT',
      '/v1/saml/connection/metadata',
      `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${rotatingMetadata()}`,
      'application/xml',
    );
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('saml_metadata_invalid');
  });

  it('needs an admin key, and each key sees only its own tenant', async () => {
    expect((await call('GET', '/v1/saml/connection', undefined, 'application/json', 'rst_key_wrong')).status).toBe(401);
    await call('PUT', '/v1/saml/connection/metadata', rotatingMetadata(), 'application/xml');
    const globexKey = (await createCredential(server.directory, { tenantId: 'globex', kind: 'admin', actor: ADMIN }))
      .secret;
    const other = await call('GET', '/v1/saml/connection', undefined, 'application/json', globexKey);
    expect(other.status).toBe(404);
  });

  it('removes the connection', async () => {
    await call('PUT', '/v1/saml/connection/metadata', rotatingMetadata(), 'application/xml');
    expect((await call('DELETE', '/v1/saml/connection')).status).toBe(204);
    expect((await call('GET', '/v1/saml/connection')).status).toBe(404);
  });
});

// Each test runs `roster` as child processes, each loading the TypeScript sources: on a loaded
// 2-core machine one takes several seconds, so these tests get more than vitest.config.ts's 30 s.
const CHILD_PROCESSES = { timeout: 120_000 };

describe('roster idp (CLI)', CHILD_PROCESSES, () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'roster-idp-cli-'));
    env = { ROSTER_DATA_DIR: dir, MONGODB_URI: '', ROSTER_PUBLIC_URL: 'https://roster.example.test' };
    await writeFile(path.join(dir, 'idp.xml'), rotatingMetadata());
    expect((await runCli(['tenant', 'create', 'acme'], env)).code).toBe(0);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('imports metadata, changes settings by hand, shows, prints SP metadata and removes', async () => {
    const imported = await runCli(
      [
        'idp',
        'import',
        'acme',
        path.join(dir, 'idp.xml'),
        '--profile',
        'entra',
        '--allow-return-to',
        'https://app.acme.test',
      ],
      env,
    );
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/idp\s+https:\/\/idp.example.test\/saml/);
    expect(imported.stdout.match(/^cert /gm)).toHaveLength(2);

    const set = await runCli(
      [
        'idp',
        'set',
        'acme',
        '--idp-initiated',
        'on',
        '--cert',
        path.join(FIXTURES, 'idp-signing-rotated.cert.pem'),
        '--map',
        'groups=memberOf',
        '--map-extra',
        'department=dept',
      ],
      env,
    );
    expect(set.code).toBe(0);
    const shown = JSON.parse((await runCli(['idp', 'show', 'acme', '--json'], env)).stdout);
    expect(shown).toMatchObject({
      profile: 'entra',
      allowIdpInitiated: true,
      attributeMapping: { groups: 'memberOf', extra: { department: 'dept' } },
      returnToAllowList: ['https://app.acme.test'],
    });
    expect(shown.signingCerts).toHaveLength(1);

    const sp = await runCli(['idp', 'sp-metadata', 'acme'], env);
    expect(sp.stdout).toContain('Location="https://roster.example.test/saml/acme/acs"');

    expect((await runCli(['idp', 'remove', 'acme'], env)).code).toBe(0);
    const gone = await runCli(['idp', 'show', 'acme'], env);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/no SAML identity provider connection/);
  });

  it('reports a bad flag value in one line with a non-zero exit', async () => {
    const res = await runCli(['idp', 'set', 'acme', '--sha1', 'maybe'], env);
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toBe('roster: --sha1 takes on or off');
  });
});
