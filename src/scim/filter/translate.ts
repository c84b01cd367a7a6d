import type { Filter } from '../../store/index.js';
import { fieldOf, type Field, type StorageMap } from '../resources/storage-map.js';
import { findSub, resolveAttr, type Resolved } from '../schema/resolve.js';
import type { AttrDef } from '../schema/schemas.js';
import { scimError } from '../scim-errors.js';
import { pathToString, type AttrPath, type CompareOp, type CompValue, type FilterNode } from './ast.js';
import { comparison, MATCH_NONE, presence } from './compare.js';

// Translates a parsed filter into a MongoDB query on the stored documents, so the store (and its
// indexes) does the filtering; nothing here loads rows to filter them in JavaScript.
// `and` of simple terms is merged into one object so equality on indexed fields stays top-level,
// where the embedded engine answers it from an index (`userName eq "x"` → {userNameLower: "x"}).

export interface TranslateContext {
  map: StorageMap;
  /**
   * Ids of the resources related to `id` through memberships: for `groups` (on Users), the users
   * in group `id`; for `members` (on Groups), the groups that user `id` belongs to.
   */
  related(relation: 'groups' | 'members', id: string): Promise<string[]>;
}

function invalid(detail: string): never {
  throw scimError('invalidFilter', detail);
}

/** AND of several queries as one object where keys do not collide, else with $and. */
export function mergeAnd(parts: Filter[]): Filter {
  const merged: Filter = {};
  const rest: Filter[] = [];
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key.startsWith('$') || key in merged) rest.push({ [key]: value });
      else merged[key] = value;
    }
  }
  if (rest.length) merged.$and = rest;
  return merged;
}

function resolve(ctx: TranslateContext, path: AttrPath): Resolved {
  const resolved = resolveAttr(ctx.map.resource, path);
  if (!resolved) invalid(`"${pathToString(path)}" is not an attribute of ${ctx.map.resource.name}`);
  return resolved;
}

/** A complex attribute compared without a sub-attribute means its `value` (RFC 7644 §3.4.2.2). */
function withValueSub(resolved: Resolved): Resolved {
  if (resolved.sub || resolved.attr.type !== 'complex') return resolved;
  const value = findSub(resolved.attr, 'value');
  // Without this line storedValue (compare.ts) refuses the complex attribute with the same detail.
  // Stryker disable next-line ConditionalExpression: equivalent (see above)
  if (!value) invalid(`${resolved.attr.name} is complex: compare one of its sub-attributes`);
  return { ...resolved, sub: value, key: `${resolved.key}.value` };
}

async function relationTerm(
  ctx: TranslateContext,
  relation: 'groups' | 'members',
  op: CompareOp,
  value: CompValue,
): Promise<Filter> {
  if (op !== 'eq' && op !== 'ne') invalid(`${relation} supports eq and ne on its value only`);
  if (typeof value !== 'string') invalid(`${relation}.value is an id: quote it`);
  const ids = await ctx.related(relation, value);
  return op === 'eq' ? { _id: { $in: ids } } : { _id: { $nin: ids } };
}

function metaTerm(ctx: TranslateContext, field: Field, op: CompareOp, value: CompValue): Filter {
  if (field.kind === 'resourceType') {
    if (op !== 'eq' && op !== 'ne') invalid('meta.resourceType supports eq and ne');
    return (value === ctx.map.resource.name) === (op === 'eq') ? {} : MATCH_NONE;
  }
  // meta.version is W/"<n>" (RFC 7644 §3.14); the stored version is n.
  // Stryker disable next-line ConditionalExpression: a number never reaches the match (it is taken as it is below)
  const match = typeof value === 'string' ? /^(?:W\/)?"?(\d+)"?$/.exec(value) : null;
  const version =
    typeof value === 'number' ? value : match ? Number(match[1]) : invalid('meta.version is an ETag like W/"3"');
  // Stryker disable next-line BooleanLiteral: inElement only changes caseless string ordering; a version is a number
  return comparison({ path: 'version', def: { ...VERSION_DEF }, inElement: false }, op, version);
}

// Stryker disable all: only the integer type of this definition decides how a version compares
const VERSION_DEF: AttrDef = {
  name: 'version',
  type: 'integer',
  multiValued: false,
  required: false,
  caseExact: true,
  mutability: 'readOnly',
  returned: 'default',
};
// Stryker restore all

async function compareTerm(ctx: TranslateContext, node: Extract<FilterNode, { kind: 'compare' }>): Promise<Filter> {
  const resolved = withValueSub(resolve(ctx, node.path));
  const field = fieldOf(ctx.map, resolved);
  if (field.kind === 'relation') return relationTerm(ctx, field.name, node.op, node.value);
  if (field.kind === 'resourceType' || field.kind === 'version') return metaTerm(ctx, field, node.op, node.value);
  if (field.kind === 'unstored') invalid(`"${resolved.key}" cannot be used in a filter`);
  const def = resolved.sub ?? resolved.attr;
  if (resolved.sub && resolved.attr.multiValued) {
    // Any element whose sub-attribute compares true (RFC 7644 §3.4.2.2, multi-valued attributes).
    const parent = field.path.slice(0, field.path.length - resolved.sub.name.length - 1);
    return {
      [parent]: { $elemMatch: comparison({ path: resolved.sub.name, def, inElement: true }, node.op, node.value) },
    };
  }
  return comparison(
    { path: field.path, ...(field.lowered ? { lowered: field.lowered } : {}), def, inElement: false },
    node.op,
    node.value,
  );
}

function presentTerm(ctx: TranslateContext, path: AttrPath): Filter {
  const resolved = resolve(ctx, path);
  const field = fieldOf(ctx.map, resolved);
  if (field.kind === 'resourceType' || field.kind === 'version') return {};
  if (field.kind !== 'field') invalid(`"${resolved.key}" cannot be used with pr`);
  const def = resolved.sub ?? resolved.attr;
  if (resolved.sub && resolved.attr.multiValued) {
    const parent = field.path.slice(0, field.path.length - resolved.sub.name.length - 1);
    // Stryker disable next-line BooleanLiteral: presence does not read inElement
    return { [parent]: { $elemMatch: presence({ path: resolved.sub.name, def, inElement: true }) } };
  }
  // Stryker disable next-line BooleanLiteral: presence does not read inElement
  return presence({ path: field.path, def, inElement: false });
}

/** The filter inside [ … ], against one element of a multi-valued complex attribute. */
export function elementTerm(parent: AttrDef, node: FilterNode): Filter {
  switch (node.kind) {
    case 'and':
      return mergeAnd(node.items.map((n) => elementTerm(parent, n)));
    case 'or':
      return { $or: node.items.map((n) => elementTerm(parent, n)) };
    case 'not':
      return { $nor: [elementTerm(parent, node.item)] };
    case 'valuePath':
      return invalid('a value filter cannot contain another value filter');
    default: {
      if (node.path.uri || node.path.sub)
        invalid(`"${pathToString(node.path)}" is not a sub-attribute of ${parent.name}`);
      const def =
        findSub(parent, node.path.name) ?? invalid(`"${node.path.name}" is not a sub-attribute of ${parent.name}`);
      const target = { path: def.name, def, inElement: true };
      return node.kind === 'present' ? presence(target) : comparison(target, node.op, node.value);
    }
  }
}

/** members[value eq "…"] (Entra's "is this user a member" query) through the memberships. */
async function relationElementTerm(
  ctx: TranslateContext,
  relation: 'groups' | 'members',
  node: FilterNode,
): Promise<Filter> {
  if (node.kind === 'and')
    return mergeAnd(await Promise.all(node.items.map((n) => relationElementTerm(ctx, relation, n))));
  if (node.kind === 'or')
    return { $or: await Promise.all(node.items.map((n) => relationElementTerm(ctx, relation, n))) };
  if (node.kind === 'not') return { $nor: [await relationElementTerm(ctx, relation, node.item)] };
  if (node.kind === 'compare' && node.path.name.toLowerCase() === 'value' && !node.path.sub)
    return relationTerm(ctx, relation, node.op, node.value);
  // Stryker disable next-line ConditionalExpression: only a comparison has op "eq"
  if (node.kind === 'compare' && node.path.name.toLowerCase() === 'type' && node.op === 'eq') {
    // Members are users only (no nested groups), so type eq "User" holds for every member.
    return node.value === 'User' ? {} : MATCH_NONE;
  }
  return invalid(`${relation}[…] supports "value eq" and "type eq" only`);
}

async function valuePathTerm(ctx: TranslateContext, node: Extract<FilterNode, { kind: 'valuePath' }>): Promise<Filter> {
  const resolved = resolve(ctx, node.path);
  const field = fieldOf(ctx.map, resolved);
  if (field.kind === 'relation') return relationElementTerm(ctx, field.name, node.filter);
  if (field.kind !== 'field' || resolved.attr.type !== 'complex')
    invalid(`"${resolved.key}[…]" needs a complex attribute`);
  const inner = elementTerm(resolved.attr, node.filter);
  return resolved.attr.multiValued ? { [field.path]: { $elemMatch: inner } } : prefixed(field.path, inner);
}

/** A value filter on a single-valued complex attribute (name[givenName eq "x"]): plain dotted paths. */
function prefixed(prefix: string, query: Filter): Filter {
  return Object.fromEntries(
    Object.entries(query).map(([key, value]) => {
      if (!key.startsWith('$')) return [`${prefix}.${key}`, value];
      return [key, (value as Filter[]).map((q) => prefixed(prefix, q))];
    }),
  );
}

export async function translateFilter(ctx: TranslateContext, node: FilterNode): Promise<Filter> {
  switch (node.kind) {
    case 'and':
      return mergeAnd(await Promise.all(node.items.map((n) => translateFilter(ctx, n))));
    case 'or':
      return { $or: await Promise.all(node.items.map((n) => translateFilter(ctx, n))) };
    case 'not':
      return { $nor: [await translateFilter(ctx, node.item)] };
    case 'present':
      return presentTerm(ctx, node.path);
    case 'compare':
      return compareTerm(ctx, node);
    case 'valuePath':
      return valuePathTerm(ctx, node);
  }
}
