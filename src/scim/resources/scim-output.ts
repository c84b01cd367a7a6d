import type { GroupDoc, RelatedRef, UserDoc } from '../../people/index.js';
import { etagOf } from '../etag.js';
import { ENTERPRISE_SCHEMA, type ResourceDef } from '../schema/schemas.js';
import { GROUP_STORAGE, USER_STORAGE, type StorageMap } from './storage-map.js';

// Stored documents as SCIM resources (RFC 7643 §3, §4). `id`, `meta` and the `$ref`s are derived
// here; `meta.location` and `Location` come from the same function, so they never disagree.

export type ScimResource = Record<string, unknown>;

export function locationOf(baseUrl: string, resource: ResourceDef, id: string): string {
  return `${baseUrl}${resource.endpoint}/${encodeURIComponent(id)}`;
}

function meta(
  baseUrl: string,
  resource: ResourceDef,
  doc: { _id: string; createdAt: string; updatedAt: string; version: number },
) {
  return {
    resourceType: resource.name,
    created: doc.createdAt,
    lastModified: doc.updatedAt,
    location: locationOf(baseUrl, resource, doc._id),
    version: etagOf(doc.version),
  };
}

function coreAttributes(map: StorageMap, doc: Record<string, unknown>): ScimResource {
  const out: ScimResource = {};
  for (const attr of map.resource.core.attributes) {
    if (map.relations[attr.name] || attr.returned === 'never') continue;
    const value = doc[map.renamed[attr.name] ?? attr.name];
    if (value !== undefined) out[attr.name] = value;
  }
  return out;
}

function relatedRefs(baseUrl: string, target: ResourceDef, refs: RelatedRef[], type?: string) {
  return refs.map((r) => ({
    value: r.id,
    $ref: locationOf(baseUrl, target, r.id),
    ...(r.display !== undefined ? { display: r.display } : {}),
    ...(type ? { type } : {}),
  }));
}

function enterpriseOf(baseUrl: string, doc: UserDoc): ScimResource | undefined {
  if (!doc.enterprise || Object.keys(doc.enterprise).length === 0) return undefined;
  const { manager, ...rest } = doc.enterprise;
  if (!manager?.value) return rest;
  // manager.$ref is derived from the manager's id (RFC 7643 §4.3), never stored.
  return {
    ...rest,
    manager: { value: manager.value, $ref: locationOf(baseUrl, USER_STORAGE.resource, manager.value) },
  };
}

/** `groups` is read-only and derived from memberships (RFC 7643 §4.1.2); undefined skips it. */
export function userToScim(baseUrl: string, doc: UserDoc, groups?: RelatedRef[]): ScimResource {
  const enterprise = enterpriseOf(baseUrl, doc);
  return {
    schemas: enterprise ? [USER_STORAGE.resource.core.id, ENTERPRISE_SCHEMA] : [USER_STORAGE.resource.core.id],
    id: doc._id,
    ...(doc.externalId !== undefined ? { externalId: doc.externalId } : {}),
    ...coreAttributes(USER_STORAGE, doc),
    ...(groups?.length ? { groups: relatedRefs(baseUrl, GROUP_STORAGE.resource, groups, 'direct') } : {}),
    ...(enterprise ? { [ENTERPRISE_SCHEMA]: enterprise } : {}),
    meta: meta(baseUrl, USER_STORAGE.resource, doc),
  };
}

/** `members` comes from memberships; undefined (excludedAttributes=members) skips reading them. */
export function groupToScim(baseUrl: string, doc: GroupDoc, members?: RelatedRef[]): ScimResource {
  return {
    schemas: [GROUP_STORAGE.resource.core.id],
    id: doc._id,
    ...(doc.externalId !== undefined ? { externalId: doc.externalId } : {}),
    displayName: doc.displayName,
    ...(members ? { members: relatedRefs(baseUrl, USER_STORAGE.resource, members, 'User') } : {}),
    meta: meta(baseUrl, GROUP_STORAGE.resource, doc),
  };
}
