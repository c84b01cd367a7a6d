import { RosterError } from '../../errors/index.js';
import { findConnection } from '../../sso/index.js';
import { spEndpoints } from '../service-provider.js';
import { isElement, NS, parseXml } from '../../sso/index.js';
import { need, type AcsStep } from './context.js';

// Steps that take the HTTP-POST binding apart (SAML bindings §3.5.4) before anything is trusted.

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** RelayState is at most 80 bytes (SAML bindings §3.5.3); IdP-initiated ones may be a URL. */
const MAX_RELAY_STATE = 2048;

const invalid = (message: string) => new RosterError('saml_invalid_response', message);

function isForm(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

/** One SAMLResponse in the form body, and at most one RelayState; nothing in the URL. */
export const readForm: AcsStep = (ctx) => {
  const { body, query, bodyError } = ctx.request;
  if (bodyError) throw bodyError;
  if (query.SAMLResponse !== undefined || query.SAMLRequest !== undefined)
    throw invalid('a SAML message in the query string is not accepted at the ACS');
  if (!isForm(body)) throw invalid('the ACS expects an HTML form post');
  if (body.SAMLRequest !== undefined) throw invalid('the ACS accepts SAML responses only');
  if (typeof body.SAMLResponse !== 'string' || body.SAMLResponse.length === 0)
    throw invalid('the form has no single SAMLResponse field');
  const relay = body.RelayState;
  if (relay !== undefined && (typeof relay !== 'string' || relay.length > MAX_RELAY_STATE))
    throw invalid('RelayState must be one short string');
  ctx.samlResponse = body.SAMLResponse;
  ctx.relayState = relay || undefined;
};

/** The tenant in the URL names the connection, and with it every certificate that is trusted. */
export const loadConnection: AcsStep = async (ctx, deps) => {
  const connection = await findConnection(deps.store, ctx.request.tenantId);
  if (!connection)
    throw new RosterError('saml_connection_not_found', `tenant "${ctx.request.tenantId}" has no SAML connection`);
  ctx.connection = connection;
  ctx.sp = spEndpoints(deps.publicUrl, ctx.request.tenantId);
};

export const decodeResponse: AcsStep = (ctx, deps) => {
  const compact = need(ctx.samlResponse, 'samlResponse').replace(/[\r\n\t ]/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) throw invalid('SAMLResponse is not base64');
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length > deps.maxResponseBytes)
    throw new RosterError('saml_response_too_large', `the decoded response is ${bytes.length} bytes`);
  try {
    ctx.xml = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalid('SAMLResponse is not UTF-8 text');
  }
};

/** DOCTYPE and entity declarations are refused before the parser sees them (see xml.ts). */
export const parseResponse: AcsStep = (ctx) => {
  const root = parseXml(need(ctx.xml, 'xml')).documentElement;
  if (!isElement(root, NS.protocol, 'Response')) throw invalid('the message is not a SAML <samlp:Response>');
  ctx.response = root;
};
