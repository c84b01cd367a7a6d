import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import samlify from 'samlify';
import { BINDING, createTestIdp, type ResponseSpec, type TestIdp } from './saml-idp.js';

// The test IdP behind a tiny HTTP server on loopback: GET /sso takes an HTTP-Redirect
// AuthnRequest, checks it (and its signature when the SP signs), and answers with a page that
// auto-posts the signed response to the SP's ACS, as Okta or Entra ID do.

export interface IdpServer {
  url: string;
  idp: TestIdp;
  /** Who logs in next, and anything to change in the response (an attack, a clock). */
  user: Partial<ResponseSpec> & { nameId: string };
  /** The SP's metadata (Roster's), so samlify knows the ACS and the SP signing certificate. */
  trustSp(metadataXml: string): void;
  close(): Promise<void>;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export async function startIdpServer(
  options: { host?: string; wantAuthnRequestsSigned?: boolean } = {},
): Promise<IdpServer> {
  const host = options.host ?? 'localhost';
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  const idp = createTestIdp({ ssoUrl: `${url}/sso`, wantAuthnRequestsSigned: options.wantAuthnRequestsSigned });
  let sp: ReturnType<typeof samlify.ServiceProvider> | undefined;
  const state: IdpServer = {
    url,
    idp,
    user: { nameId: 'ada@acme.test' },
    trustSp: (xml) => (sp = samlify.ServiceProvider({ metadata: xml })),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  server.on('request', (req, res) => {
    void (async () => {
      const target = new URL(req.url ?? '/', url);
      if (target.pathname !== '/sso' || !sp) return res.writeHead(404).end();
      const octetString = target.search
        .slice(1)
        .split('&')
        .filter((p) => !p.startsWith('Signature='))
        .join('&');
      const parsed = await idp.idp.parseLoginRequest(sp, 'redirect', {
        query: Object.fromEntries(target.searchParams),
        octetString,
      });
      const acsUrl = String(parsed.extract.request?.assertionConsumerServiceUrl ?? '');
      const audience = String(parsed.extract.issuer ?? '');
      const SAMLResponse = await idp.issue({
        acsUrl,
        audience,
        inResponseTo: String(parsed.extract.request?.id),
        ...state.user,
      });
      const relayState = target.searchParams.get('RelayState') ?? '';
      const form =
        `<form method="post" action="${escapeAttr(acsUrl)}">` +
        `<input type="hidden" name="SAMLResponse" value="${escapeAttr(SAMLResponse)}">` +
        `<input type="hidden" name="RelayState" value="${escapeAttr(relayState)}">` +
        '<noscript><button>Continue</button></noscript></form>';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><body>
${form}
<script>document.forms[0].submit()</script></body></html>`);
    })().catch((err) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`test IdP failed: ${(err as Error).message}`);
    });
  });
  return state;
}

export { BINDING };
