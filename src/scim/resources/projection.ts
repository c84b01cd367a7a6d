import { findExtension, resolveAttr, splitPath } from '../schema/resolve.js';
import type { ResourceDef } from '../schema/schemas.js';
import type { ScimResource } from './scim-output.js';

// `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) on every read. A selection is a
// list of key paths into the SCIM JSON: ["emails", "value"], ["urn:…:enterprise:2.0:User",
// "manager", "value"]. Names the schema does not declare select nothing (and exclude nothing).

type KeyPath = string[];

export type Projection =
  | { mode: 'all' }
  | { mode: 'include'; paths: KeyPath[] }
  | { mode: 'exclude'; paths: KeyPath[] };

/** Returned "always" (RFC 7643 §7): never excluded, always included. */
const ALWAYS = new Set(['id', 'schemas']);

function keyPathOf(resource: ResourceDef, name: string): KeyPath | undefined {
  const whole = findExtension(resource, name);
  if (whole) return [whole.id];
  const path = splitPath(name);
  const resolved = path && resolveAttr(resource, path);
  if (!resolved) return undefined;
  const local = resolved.sub ? [resolved.attr.name, resolved.sub.name] : [resolved.attr.name];
  return resolved.extension ? [resolved.extension.id, ...local] : local;
}

function listOf(resource: ResourceDef, text: string | undefined): KeyPath[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return text
    .split(',')
    .map((n) => keyPathOf(resource, n.trim()))
    .filter((p): p is KeyPath => p !== undefined);
}

/** attributes wins when both are given: it already names exactly what to return. */
export function parseProjection(resource: ResourceDef, attributes?: string, excluded?: string): Projection {
  const include = listOf(resource, attributes);
  if (include) return { mode: 'include', paths: include };
  const exclude = listOf(resource, excluded);
  return exclude ? { mode: 'exclude', paths: exclude } : { mode: 'all' };
}

/** Whether the response will show the top-level attribute (so the data behind it must be read). */
export function shows(projection: Projection, name: string): boolean {
  if (projection.mode === 'all') return true;
  if (projection.mode === 'include') return projection.paths.some((p) => p[0] === name);
  return !projection.paths.some((p) => p.length === 1 && p[0] === name);
}

function groupByHead(paths: KeyPath[]): Map<string, KeyPath[]> {
  const groups = new Map<string, KeyPath[]>();
  for (const [head, ...rest] of paths) groups.set(head, [...(groups.get(head) ?? []), rest]);
  return groups;
}

function pick(value: unknown, paths: KeyPath[]): unknown {
  if (paths.some((p) => p.length === 0)) return value;
  if (Array.isArray(value)) return value.map((v) => pick(v, paths)).filter((v) => v !== undefined);
  if (typeof value !== 'object' || value === null) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, rest] of groupByHead(paths)) {
    const picked = pick((value as Record<string, unknown>)[key], rest);
    if (picked !== undefined && !(Array.isArray(picked) && picked.length === 0)) out[key] = picked;
  }
  return Object.keys(out).length ? out : undefined;
}

function omit(value: unknown, paths: KeyPath[]): unknown {
  if (paths.some((p) => p.length === 0)) return undefined;
  if (Array.isArray(value)) return value.map((v) => omit(v, paths));
  if (typeof value !== 'object' || value === null) return value;
  const groups = groupByHead(paths);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const rest = groups.get(key);
    const kept = rest ? omit(child, rest) : child;
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

/** The resource as the projection asks; `schemas` lists only the extensions still present. */
export function project(resource: ScimResource, projection: Projection): ScimResource {
  if (projection.mode === 'all') return resource;
  const paths = projection.paths.filter((p) => !(p.length === 1 && ALWAYS.has(p[0])));
  const body = (projection.mode === 'include' ? (pick(resource, paths) ?? {}) : omit(resource, paths)) as ScimResource;
  const out: ScimResource = { schemas: resource.schemas, id: resource.id, ...body };
  out.schemas = (resource.schemas as string[]).filter((s, i) => i === 0 || out[s] !== undefined);
  return out;
}
