import type { z } from 'zod';
import type { Connector, ConnectorDeps } from '../connector.js';
import { createGithubConnector, githubConfigSchema } from './github.js';
import { createRestConnector, restConfigSchema } from './rest.js';
import { createScimConnector, scimConfigSchema } from './scim.js';
import { createWebhookConnector, webhookConfigSchema } from './webhook.js';

// The registry of downstream target kinds. Adding a target is adding its file and one line here.
// `secretFields` are dotted paths into the config that the engine stores encrypted and never
// shows back (an array field such as webhook `secrets` is secret as a whole).

export interface ConnectorKind<S extends z.ZodType = z.ZodType> {
  kind: string;
  /** Parses what an admin writes (input type) into what the factory reads (output type). */
  configSchema: S;
  secretFields: readonly string[];
  create(config: z.output<S>, deps: ConnectorDeps): Connector;
}

function defineKind<S extends z.ZodType>(kind: ConnectorKind<S>): ConnectorKind<S> {
  return Object.freeze(kind);
}

export const CONNECTOR_KINDS = Object.freeze({
  scim: defineKind({
    kind: 'scim',
    configSchema: scimConfigSchema,
    secretFields: ['auth.token', 'auth.clientSecret'],
    create: createScimConnector,
  }),
  github: defineKind({
    kind: 'github',
    configSchema: githubConfigSchema,
    secretFields: ['token'],
    create: createGithubConnector,
  }),
  webhook: defineKind({
    kind: 'webhook',
    configSchema: webhookConfigSchema,
    secretFields: ['secrets'],
    create: createWebhookConnector,
  }),
  rest: defineKind({
    kind: 'rest',
    configSchema: restConfigSchema,
    secretFields: ['auth.value'],
    create: createRestConnector,
  }),
});

export type ConnectorKindName = keyof typeof CONNECTOR_KINDS;

export function connectorKind(kind: string): ConnectorKind | undefined {
  return Object.hasOwn(CONNECTOR_KINDS, kind) ? (CONNECTOR_KINDS as Record<string, ConnectorKind>)[kind] : undefined;
}

/** Validates a raw config (reporting every bad key at once, as zod does) and builds the connector. */
export function createConnector(kind: string, rawConfig: unknown, deps: ConnectorDeps): Connector {
  const definition = connectorKind(kind);
  if (!definition) throw new Error(`unknown connector kind "${kind}"`);
  return definition.create(Object.freeze(definition.configSchema.parse(rawConfig)), deps);
}

export {
  ConnectorError,
  isConnectorError,
  classifyResponse,
  parseRetryAfter,
  rateLimitWaitMs,
  type ConnectorErrorClass,
} from './errors.js';
export type { Connector, ConnectorDeps, DesiredGroup, DesiredUser, OperationContext, RemoteRef } from '../connector.js';
