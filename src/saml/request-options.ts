import type { Request } from 'express';
import type { SamlConfig } from '@node-saml/passport-saml';
import type { IdpConnectionDoc } from '../sso/index.js';
import { samlOptions, spEndpoints, type SpCredentials } from './service-provider.js';

// MultiSamlStrategy asks, per request, for that request's node-saml options (its getSamlOptions
// seam). This resolver answers from what the handler established for the request: the tenant's
// connection (the very document the ACS pre-checks used) and, for a login, the AuthnRequest ID
// and RelayState Roster stored in Redis first. Both are held per request object, so nothing is
// kept once the request is gone, and nothing travels through res.locals or a rewritten body.

export interface AuthnRequestState {
  requestId: string;
  relayState: string;
}

export interface SamlOptionsResolver {
  /** The connection node-saml must trust for this request. */
  useConnection(req: Request, connection: IdpConnectionDoc): void;
  /** The AuthnRequest this login sends. */
  useAuthnRequest(req: Request, state: AuthnRequestState): void;
  optionsFor(req: Request): SamlConfig;
}

export function createSamlOptionsResolver(deps: {
  publicUrl: string;
  credentials?: SpCredentials;
  clockSkewSeconds: number;
}): SamlOptionsResolver {
  const connections = new WeakMap<Request, IdpConnectionDoc>();
  const authnRequests = new WeakMap<Request, AuthnRequestState>();
  return {
    useConnection: (req, connection) => void connections.set(req, connection),
    useAuthnRequest: (req, state) => void authnRequests.set(req, state),
    optionsFor(req) {
      const connection = connections.get(req);
      if (!connection) throw new Error('no SAML connection was established for this request');
      return samlOptions({
        connection,
        sp: spEndpoints(deps.publicUrl, connection.tenantId),
        credentials: deps.credentials,
        clockSkewSeconds: deps.clockSkewSeconds,
        ...authnRequests.get(req),
      });
    },
  };
}
