import { findExtension, resolveAttr, splitPath } from '../schema/resolve.js';
import type { AttrDef, ResourceDef, SchemaDef } from '../schema/schemas.js';
import { scimError } from '../scim-errors.js';
import { coerceValue } from './coerce.js';
import type { StorageMap } from './storage-map.js';

// A POST or PUT body (RFC 7644 §3.3, §3.5.1) as stored attributes. Attribute names are matched
// case-insensitively (RFC 7643 §2.1); readOnly attributes (id, meta, groups) are ignored as RFC
// 7644 §3.3/§3.5.1 require; an attribute no schema declares is a 400 invalidSyntax, so a typo
// never silently drops data.

export interface ScimInput {
  /** Stored attributes by stored field name (roles → scimRoles, the enterprise extension → enterprise). */
  attributes: Record<string, unknown>;
  /** Values of a relation attribute (Groups' members), when the body carries it. */
  relation?: unknown[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function invalidSyntax(detail: string): never {
  throw scimError('invalidSyntax', detail);
}

/** RFC 7643 §3: `schemas` is required and names the resource's core schema. */
export function assertSchemas(resource: ResourceDef, body: Record<string, unknown>): void {
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === 'string'))
    invalidSyntax('"schemas" must be an array of schema URIs');
  const lower = (schemas as string[]).map((s) => s.toLowerCase());
  if (!lower.includes(resource.core.id.toLowerCase())) invalidSyntax(`"schemas" must include ${resource.core.id}`);
  // Other URIs are tolerated: Entra sends "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group".
}

function extensionValues(extension: SchemaDef, value: unknown): Record<string, unknown> {
  if (!isObject(value)) throw scimError('invalidValue', `${extension.id} must be an object`);
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    const attr =
      extension.attributes.find((a) => a.name.toLowerCase() === key.toLowerCase()) ??
      invalidSyntax(`${extension.id}:${key} is not an attribute of the schema`);
    if (attr.mutability === 'readOnly') continue;
    const coerced = coerceValue(attr, raw, `${extension.id}:${attr.name}`);
    if (coerced !== undefined) out[attr.name] = coerced;
  }
  return out;
}

function storedName(map: StorageMap, attr: AttrDef): string {
  return map.renamed[attr.name] ?? attr.name;
}

interface Collected {
  input: ScimInput;
  extensions: Map<SchemaDef, Record<string, unknown>>;
}

function collectExtension(map: StorageMap, into: Collected, key: string, value: unknown): boolean {
  const whole = findExtension(map.resource, key);
  if (whole) {
    Object.assign(
      into.extensions.get(whole) ?? into.extensions.set(whole, {}).get(whole)!,
      extensionValues(whole, value),
    );
    return true;
  }
  // "urn:…:enterprise:2.0:User:department" written flat at the top level.
  const path = splitPath(key);
  const resolved = path?.uri ? resolveAttr(map.resource, path) : undefined;
  if (!resolved?.extension || resolved.sub) return false;
  Object.assign(
    into.extensions.get(resolved.extension) ?? into.extensions.set(resolved.extension, {}).get(resolved.extension)!,
    extensionValues(resolved.extension, { [resolved.attr.name]: value }),
  );
  return true;
}

function collectCore(map: StorageMap, into: Collected, key: string, value: unknown): boolean {
  const resolved = resolveAttr(map.resource, { name: key });
  if (!resolved) return false;
  const { attr } = resolved;
  if (map.relations[attr.name] && attr.mutability !== 'readOnly') {
    if (value !== null && !Array.isArray(value)) throw scimError('invalidValue', `${attr.name} must be an array`);
    into.input.relation = (value as unknown[] | null) ?? [];
    return true;
  }
  // readOnly values are ignored (RFC 7644 §3.3); password is writeOnly and Roster keeps none.
  if (attr.mutability === 'readOnly' || attr.name === 'password') return true;
  const coerced = coerceValue(attr, value);
  if (coerced !== undefined) into.input.attributes[storedName(map, attr)] = coerced;
  return true;
}

export function inputFromScim(map: StorageMap, body: unknown): ScimInput {
  if (!isObject(body)) invalidSyntax('the request body must be a JSON object');
  assertSchemas(map.resource, body);
  const into: Collected = { input: { attributes: {} }, extensions: new Map() };
  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === 'schemas') continue;
    if (!collectCore(map, into, key, value) && !collectExtension(map, into, key, value))
      invalidSyntax(`"${key}" is not an attribute of ${map.resource.name}`);
  }
  for (const [extension, values] of into.extensions) {
    if (Object.keys(values).length) into.input.attributes[map.extensionFields[extension.id]] = values;
  }
  return into.input;
}
