import type { AttrPath } from '../filter/ast.js';
import type { AttrDef, ResourceDef, SchemaDef } from './schemas.js';

// Finds the definition an attribute path names. Attribute names and schema URIs are compared
// case-insensitively (RFC 7643 §2.1, RFC 7644 §3.10); core attributes may be written bare or
// with the core schema URI; extension attributes need their URI (RFC 7644 §3.10).

export interface Resolved {
  /** The extension the attribute belongs to; absent for core and common attributes. */
  extension?: SchemaDef;
  attr: AttrDef;
  sub?: AttrDef;
  /** Canonical path: `name`, `name.sub`, or `<extension urn>:name[.sub]`. */
  key: string;
}

function byName(list: readonly AttrDef[] | undefined, name: string): AttrDef | undefined {
  const lower = name.toLowerCase();
  return list?.find((a) => a.name.toLowerCase() === lower);
}

export function findExtension(resource: ResourceDef, uri: string): SchemaDef | undefined {
  const lower = uri.toLowerCase();
  return resource.extensions.find((e) => e.id.toLowerCase() === lower);
}

export function isCoreUri(resource: ResourceDef, uri: string): boolean {
  return resource.core.id.toLowerCase() === uri.toLowerCase();
}

function canonicalKey(extension: SchemaDef | undefined, attr: AttrDef, sub: AttrDef | undefined): string {
  const local = sub ? `${attr.name}.${sub.name}` : attr.name;
  return extension ? `${extension.id}:${local}` : local;
}

export function resolveAttr(resource: ResourceDef, path: AttrPath): Resolved | undefined {
  const extension = path.uri && !isCoreUri(resource, path.uri) ? findExtension(resource, path.uri) : undefined;
  if (path.uri && !extension && !isCoreUri(resource, path.uri)) return undefined;
  const attr = extension
    ? byName(extension.attributes, path.name)
    : (byName(resource.common, path.name) ?? byName(resource.core.attributes, path.name));
  if (!attr) return undefined;
  if (path.sub === undefined)
    return { ...(extension ? { extension } : {}), attr, key: canonicalKey(extension, attr, undefined) };
  const sub = byName(attr.subAttributes, path.sub);
  if (!sub) return undefined;
  return { ...(extension ? { extension } : {}), attr, sub, key: canonicalKey(extension, attr, sub) };
}

/** The definition of a sub-attribute of a complex attribute, by case-insensitive name. */
export function findSub(attr: AttrDef, name: string): AttrDef | undefined {
  return byName(attr.subAttributes, name);
}

/**
 * Splits a dotted or URN-qualified attribute path as written in `attributes`, PATCH `path`
 * (without a filter) or a PATCH value key ("name.givenName", "urn:…:User:employeeNumber").
 * Returns undefined for the bare URN of an extension (the whole extension object).
 */
export function splitPath(text: string): AttrPath | undefined {
  let uri: string | undefined;
  let rest = text;
  if (/^urn:/i.test(text)) {
    const colon = text.lastIndexOf(':');
    uri = text.slice(0, colon);
    rest = text.slice(colon + 1);
  }
  const [name, sub, extra] = rest.split('.');
  if (!name || extra !== undefined) return undefined;
  return { ...(uri ? { uri } : {}), name, ...(sub ? { sub } : {}) };
}
