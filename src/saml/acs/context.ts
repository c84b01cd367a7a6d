import type { Profile } from '@node-saml/node-saml';
import type { Recorder } from '../../audit/index.js';
import type { SamlLoginClaims, SamlLoginResult } from '../../sso/index.js';
import type { Logger } from '../../logging/index.js';
import type { Redis } from '../../redis/index.js';
import type { Store } from '../../store/index.js';
import type { IdpConnectionDoc } from '../../sso/index.js';
import type { PendingRequest } from '../request-cache.js';
import type { SpEndpoints } from '../service-provider.js';

// The ACS is a table of small named steps (docs/architecture.md). Each step reads and fills this
// context; none sees Express. The HTTP edge builds the context and turns the outcome into a
// redirect or the error page.

export interface AcsRequest {
  tenantId: string;
  body: unknown;
  query: Record<string, unknown>;
  requestId: string;
  sourceIp?: string;
  /** The form could not be read at all (too large, too many fields, bad encoding). */
  bodyError?: Error;
}

/** What the signed assertion says, read from the bytes the signature covers and nothing else. */
export interface VerifiedAssertion {
  element: Element;
  id: string;
  issuer: string;
  nameId: string;
  nameIdFormat?: string;
  sessionIndex?: string;
  /** When the assertion stops being acceptable (Conditions and SubjectConfirmationData). */
  validUntil: Date;
  /** The AuthnRequest this assertion answers (SubjectConfirmationData@InResponseTo). */
  inResponseTo?: string;
}

export interface AcsContext {
  request: AcsRequest;
  connection?: IdpConnectionDoc;
  sp?: SpEndpoints;
  samlResponse?: string;
  relayState?: string;
  xml?: string;
  /** The raw document's root <samlp:Response>: unsigned, so read only for Destination and the like. */
  response?: Element;
  profile?: Profile;
  assertion?: VerifiedAssertion;
  pending?: PendingRequest;
  claims?: SamlLoginClaims;
  returnTo?: string;
  login?: SamlLoginResult;
  session?: { id: string; expiresAt: string };
}

export interface AcsDeps {
  store: Store;
  recorder: Recorder;
  redis: Redis;
  logger: Logger;
  publicUrl: string;
  clockSkewSeconds: number;
  maxResponseBytes: number;
  sessionTtlSeconds: number;
  now: () => Date;
  /** PEM private key IdPs encrypt assertions for (src/saml/service-provider.ts); absent: none can be read. */
  decryptionKey?: string;
  /** node-saml through passport-saml: signature, Conditions time window, audience. */
  verifySignature: (ctx: AcsContext) => Promise<Profile | null>;
  /** Counts each login's outcome (the roster_saml_logins_total counter, src/ops/saml-metrics.ts). */
  observeLogin?: (outcome: 'success' | 'rejected' | 'error') => void;
}

export type AcsStep = (ctx: AcsContext, deps: AcsDeps) => Promise<void> | void;

/** A value a step needs from an earlier one; missing means the table is in the wrong order. */
export function need<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`ACS step ordering: ${what} is not set yet`);
  return value;
}
