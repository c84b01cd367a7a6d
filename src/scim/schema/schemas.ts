import SCIMMY from 'scimmy';

// The attribute definitions Roster serves, taken from scimmy's schema definitions (RFC 7643 §4,
// §8.7) as plain frozen data. scimmy's own definitions are read, never extended or mutated: they
// are module-level singletons shared by every importer.

export type AttrType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'binary' | 'complex';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';

export interface AttrDef {
  name: string;
  type: AttrType;
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  subAttributes?: readonly AttrDef[];
}

export interface SchemaDef {
  id: string;
  name: string;
  attributes: readonly AttrDef[];
  /** The schema as /Schemas serves it (RFC 7643 §7), without meta.location. */
  description: Record<string, unknown>;
}

export interface ResourceDef {
  name: 'User' | 'Group';
  endpoint: '/Users' | '/Groups';
  core: SchemaDef;
  extensions: readonly SchemaDef[];
  /** Common attributes (RFC 7643 §3.1): id, externalId, meta. */
  common: readonly AttrDef[];
}

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

type RawAttr = Omit<AttrDef, 'subAttributes' | 'caseExact'> & { caseExact?: boolean; subAttributes?: RawAttr[] };

/**
 * Where scimmy's definitions differ from RFC 7643, the RFC wins: identifiers are caseExact
 * (§2.3.1: ids are compared exactly), so `members.value` and `groups.value` are too.
 */
const CASE_EXACT_OVERRIDES = new Set(['members.value', 'groups.value', 'manager.value']);

function toAttrDef(raw: RawAttr, parent?: string): AttrDef {
  const path = parent ? `${parent}.${raw.name}` : raw.name;
  const def: AttrDef = {
    name: raw.name,
    type: raw.type,
    multiValued: raw.multiValued,
    required: raw.required,
    caseExact: CASE_EXACT_OVERRIDES.has(path) || raw.caseExact === true,
    mutability: raw.mutability,
    returned: raw.returned,
    ...(raw.subAttributes
      ? { subAttributes: Object.freeze(raw.subAttributes.map((s) => toAttrDef(s, raw.name))) }
      : {}),
  };
  return Object.freeze(def);
}

function plain<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function schemaDef(definition: SCIMMY.Types.SchemaDefinition): SchemaDef {
  const description = plain<Record<string, unknown> & { attributes: RawAttr[] }>(definition.describe(''));
  delete description.meta;
  return Object.freeze({
    id: definition.id,
    name: definition.name,
    attributes: Object.freeze(description.attributes.map((a) => toAttrDef(a))),
    description: Object.freeze(description),
  });
}

/** id, externalId and meta: scimmy hides them from describe(), as RFC 7643 §3.1 does. */
function commonAttributes(definition: SCIMMY.Types.SchemaDefinition): readonly AttrDef[] {
  const raw = definition.attributes.filter((a): a is SCIMMY.Types.Attribute => a instanceof SCIMMY.Types.Attribute);
  const common = raw
    .filter((a) => ['id', 'externalId', 'meta'].includes(a.name))
    .map((a) => plain<RawAttr>(a.toJSON()));
  return Object.freeze(common.map((a) => toAttrDef(a)));
}

export const USER_RESOURCE: ResourceDef = Object.freeze({
  name: 'User',
  endpoint: '/Users',
  core: schemaDef(SCIMMY.Schemas.User.definition),
  extensions: Object.freeze([schemaDef(SCIMMY.Schemas.EnterpriseUser.definition)]),
  common: commonAttributes(SCIMMY.Schemas.User.definition),
});

export const GROUP_RESOURCE: ResourceDef = Object.freeze({
  name: 'Group',
  endpoint: '/Groups',
  core: schemaDef(SCIMMY.Schemas.Group.definition),
  extensions: Object.freeze([]),
  common: commonAttributes(SCIMMY.Schemas.Group.definition),
});

export const RESOURCES: readonly ResourceDef[] = Object.freeze([USER_RESOURCE, GROUP_RESOURCE]);
