import type { Resolved } from '../schema/resolve.js';
import { ENTERPRISE_SCHEMA, GROUP_RESOURCE, USER_RESOURCE, type ResourceDef } from '../schema/schemas.js';

// Where each SCIM attribute lives in the stored documents (src/people/types.ts). Filters and
// sorting are translated through this map, so a query is always a query on stored fields.

export type Field =
  /** A stored field; `lowered` is its lowercased twin that an index serves (caseExact false). */
  | { kind: 'field'; path: string; lowered?: string }
  /** Derived from the memberships collection: users' `groups`, groups' `members`. */
  | { kind: 'relation'; name: 'groups' | 'members'; sub?: string }
  | { kind: 'resourceType' }
  | { kind: 'version' }
  /** Accepted on input but never stored (password) or derived on output (meta.location, $ref). */
  | { kind: 'unstored' };

export interface StorageMap {
  resource: ResourceDef;
  renamed: Readonly<Record<string, string>>;
  lowered: Readonly<Record<string, string>>;
  relations: Readonly<Record<string, 'groups' | 'members'>>;
  extensionFields: Readonly<Record<string, string>>;
  unstored: ReadonlySet<string>;
}

const META = { id: '_id', 'meta.created': 'createdAt', 'meta.lastModified': 'updatedAt' };

export const USER_STORAGE: StorageMap = Object.freeze({
  resource: USER_RESOURCE,
  renamed: { ...META, roles: 'scimRoles' },
  lowered: { userName: 'userNameLower' },
  relations: { groups: 'groups' as const },
  extensionFields: { [ENTERPRISE_SCHEMA]: 'enterprise' },
  unstored: new Set([
    'password',
    'meta.location',
    `${ENTERPRISE_SCHEMA}:manager.$ref`,
    `${ENTERPRISE_SCHEMA}:manager.displayName`,
  ]),
});

export const GROUP_STORAGE: StorageMap = Object.freeze({
  resource: GROUP_RESOURCE,
  renamed: META,
  lowered: { displayName: 'displayNameLower' },
  relations: { members: 'members' as const },
  extensionFields: {},
  unstored: new Set(['meta.location']),
});

export function fieldOf(map: StorageMap, resolved: Resolved): Field {
  const { key, attr, sub, extension } = resolved;
  if (map.unstored.has(key)) return { kind: 'unstored' };
  if (key === 'meta.resourceType') return { kind: 'resourceType' };
  if (key === 'meta.version') return { kind: 'version' };
  const relation = map.relations[attr.name];
  if (relation && !extension) return { kind: 'relation', name: relation, ...(sub ? { sub: sub.name } : {}) };
  if (map.renamed[key]) return { kind: 'field', path: map.renamed[key] };
  const base = extension ? `${map.extensionFields[extension.id]}.${attr.name}` : (map.renamed[attr.name] ?? attr.name);
  const path = sub ? `${base}.${sub.name}` : base;
  return { kind: 'field', path, ...(map.lowered[key] ? { lowered: map.lowered[key] } : {}) };
}
