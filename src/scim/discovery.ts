import { RESOURCES, type ResourceDef } from './schema/schemas.js';

// Service provider configuration endpoints (RFC 7644 §4, schemas in RFC 7643 §5–§7). They state
// exactly what this server does: PATCH, filter (with the maxResults count cap), sort and ETags
// yes; bulk and password change no; one bearer-token scheme.

export interface DiscoveryOptions {
  baseUrl: string;
  maxResults: number;
}

const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';

export function serviceProviderConfig(options: DiscoveryOptions): Record<string, unknown> {
  return {
    schemas: [SPC_SCHEMA],
    documentationUri: 'https://www.rfc-editor.org/rfc/rfc7644',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: options.maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'A per-tenant SCIM token in the Authorization header: "Bearer rst_scim_…"',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${options.baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceType(resource: ResourceDef, options: DiscoveryOptions): Record<string, unknown> {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: resource.name,
    name: resource.name,
    endpoint: resource.endpoint,
    description: resource.core.name,
    schema: resource.core.id,
    schemaExtensions: resource.extensions.map((e) => ({ schema: e.id, required: false })),
    meta: { resourceType: 'ResourceType', location: `${options.baseUrl}/ResourceTypes/${resource.name}` },
  };
}

export function schemaDocuments(options: DiscoveryOptions): Record<string, unknown>[] {
  const schemas = RESOURCES.flatMap((r) => [r.core, ...r.extensions]);
  return schemas.map((s) => ({
    ...s.description,
    meta: { resourceType: 'Schema', location: `${options.baseUrl}/Schemas/${s.id}` },
  }));
}

export function resourceTypes(options: DiscoveryOptions): Record<string, unknown>[] {
  return RESOURCES.map((r) => resourceType(r, options));
}
