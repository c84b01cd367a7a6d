import type { ResourceDef, SchemaDef } from '../schema/schemas.js';
import { overCap, SCIM_REQUEST_LIMITS } from '../request-limits.js';
import { scimError } from '../scim-errors.js';
import { parsePatchPath, type PatchTarget } from './patch-path.js';
import type { PatchKind, PatchOperation } from './patch-request.js';
import { canonical, elementMatcher, identity, isObject, keepOnePrimary, templateOf } from './patch-values.js';

// RFC 7644 §3.5.2 add / remove / replace, applied in order to a resource's SCIM view (core
// attributes by name, each extension as an object under its URN). The result is validated like a
// PUT body afterwards (scim-input.ts), so a PATCH can never store what a PUT would refuse.

export type View = Record<string, unknown>;

interface Ctx {
  resource: ResourceDef;
  resourceId: string;
}

/**
 * The identities of the values of each multi-valued attribute, kept across the operations of one
 * PATCH so that an `add` costs what it adds, not what is already there: recomputing them per
 * operation made 10,000 `add emails` operations quadratic (52 s on one event loop). Keyed by the
 * array itself: any operation that rebuilds an array leaves a stale entry nobody finds again.
 */
type IdentityCache = WeakMap<unknown[], Set<string>>;

interface Working extends Ctx {
  identities: IdentityCache;
  /** Parsed paths and compiled element filters, reused by every operation naming the same path. */
  targets: Map<string, PatchTarget>;
  matchers: WeakMap<object, (element: unknown) => boolean>;
}

type AttributeTarget = Extract<PatchTarget, { kind: 'attribute' }>;

const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

function container(view: View, target: AttributeTarget, create: boolean): View | undefined {
  if (!target.extension) return view;
  const id = target.extension.id;
  if (!isObject(view[id]) && create) view[id] = {};
  return view[id] as View | undefined;
}

function setOrDelete(holder: View, name: string, values: unknown[]): void {
  if (values.length) holder[name] = values;
  else delete holder[name];
}

/** RFC 7644 §3.5.2: an operation must respect the attribute's mutability (RFC 7643 §2.2). */
function assertMutable(target: AttributeTarget, op: PatchOperation): void {
  const def = target.sub ?? target.attr;
  if (target.attr.mutability === 'readOnly' || def.mutability === 'readOnly') {
    throw scimError(
      'mutability',
      `operation ${op.index}: ${target.attr.name}${target.sub ? `.${target.sub.name}` : ''} is read-only`,
    );
  }
}

/** The values of a multi-valued attribute after add (appended, duplicates skipped) or replace. */
function addValues(holder: View, kind: PatchKind, target: AttributeTarget, value: unknown, identities: IdentityCache) {
  const name = target.attr.name;
  const current = holder[name];
  const values = kind === 'add' && Array.isArray(current) ? current : [];
  let known = identities.get(values);
  // Stryker disable next-line ConditionalExpression: a cache: recomputed identities are the same
  if (!known) identities.set(values, (known = new Set(values.map(identity))));
  const added: unknown[] = [];
  for (const v of asArray(value)) {
    const id = identity(v);
    if (known.has(id)) continue;
    known.add(id);
    added.push(v);
  }
  values.push(...added);
  assertWithinCap(target, values.length);
  const result = keepOnePrimary(values, new Set(added));
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a cache entry; a miss recomputes it
  if (result !== values) identities.set(result, known);
  setOrDelete(holder, name, result);
}

/** Checked as values are added, so no later operation of the PATCH scans more than the cap. */
function assertWithinCap(target: AttributeTarget, count: number): void {
  const cap = SCIM_REQUEST_LIMITS.valuesPerAttribute;
  if (count > cap) throw scimError('tooMany', overCap(`${target.attr.name} may hold`, cap, count, 'values'));
}

function applyWhole(
  holder: View,
  kind: PatchKind,
  target: AttributeTarget,
  value: unknown,
  identities: IdentityCache,
): void {
  const { attr } = target;
  const name = attr.name;
  if (kind === 'remove') {
    // Entra ID (without aadOptscim062020) removes chosen values with path "members" and a value
    // list; generalised: remove the elements whose given sub-attributes all match.
    if (!attr.multiValued || value === undefined) return void delete holder[name];
    const doomed = asArray(value).filter(isObject);
    const matches = (el: unknown) =>
      isObject(el) &&
      doomed.some((d) => Object.entries(d).every(([k, v]) => v === null || identity(el[k]) === identity(v)));
    return setOrDelete(
      holder,
      name,
      asArray(holder[name]).filter((el) => !matches(el)),
    );
  }
  if (attr.multiValued) return addValues(holder, kind, target, value, identities);
  // A complex single value merges: sub-attributes not given are left unchanged (§3.5.2.1, §3.5.2.3).
  holder[name] =
    attr.type === 'complex' && isObject(value) && isObject(holder[name]) ? { ...holder[name], ...value } : value;
}

function applySub(holder: View, kind: PatchKind, target: AttributeTarget, value: unknown, op: PatchOperation): void {
  const { attr, sub } = target;
  if (attr.multiValued) {
    const elements = asArray(holder[attr.name]).filter(isObject);
    if (elements.length === 0 && kind !== 'remove')
      throw scimError('noTarget', `operation ${op.index}: ${attr.name} has no values`);
    if (elements.length === 0) return; // removing a sub-attribute of no values changes nothing
    for (const el of elements) kind === 'remove' ? delete el[sub!.name] : (el[sub!.name] = value);
    holder[attr.name] = [...asArray(holder[attr.name])]; // the values changed: a new array, a new identity cache
    return;
  }
  const current = isObject(holder[attr.name]) ? (holder[attr.name] as View) : undefined;
  if (kind === 'remove') {
    if (current) delete current[sub!.name];
    if (current && Object.keys(current).length === 0) delete holder[attr.name];
    return;
  }
  holder[attr.name] = { ...current, [sub!.name]: value };
}

function createTarget(holder: View, target: AttributeTarget, value: unknown, op: PatchOperation): void {
  const template = templateOf(target.filter!);
  if (!template)
    throw scimError('noTarget', `operation ${op.index}: no value of ${target.attr.name} matches the filter`);
  const extra = target.sub ? { [target.sub.name]: value } : isObject(value) ? value : {};
  const element = canonical(target.attr, { ...template, ...extra });
  const values = [...asArray(holder[target.attr.name]), element];
  assertWithinCap(target, values.length);
  holder[target.attr.name] = keepOnePrimary(values, new Set([element]));
}

function applyFiltered(
  holder: View,
  kind: PatchKind,
  target: AttributeTarget,
  value: unknown,
  op: PatchOperation,
  ctx: Working,
): void {
  const { attr, sub } = target;
  let matches = ctx.matchers.get(target);
  // Stryker disable next-line ConditionalExpression: a cache: a recompiled matcher matches the same
  if (!matches) ctx.matchers.set(target, (matches = elementMatcher(attr, target.filter!)));
  const elements = asArray(holder[attr.name]);
  const chosen = new Set(elements.filter(matches));
  if (chosen.size === 0) {
    // Removing what is not there changes nothing (§3.5.2.2); add and replace create it when they can.
    if (kind !== 'remove') createTarget(holder, target, value, op);
    return;
  }
  if (kind === 'remove' && !sub)
    return setOrDelete(
      holder,
      attr.name,
      elements.filter((el) => !chosen.has(el)),
    );
  const next = elements.map((el) => {
    if (!chosen.has(el)) return el;
    const element = el as View;
    if (sub)
      return kind === 'remove'
        ? Object.fromEntries(Object.entries(element).filter(([k]) => k !== sub.name))
        : { ...element, [sub.name]: value };
    return kind === 'replace' ? value : { ...element, ...(isObject(value) ? value : {}) };
  });
  const changed = new Set(next.filter((_el, i) => chosen.has(elements[i])));
  holder[attr.name] = keepOnePrimary(next, changed);
}

function applyTarget(
  view: View,
  kind: PatchKind,
  target: AttributeTarget,
  raw: unknown,
  op: PatchOperation,
  ctx: Working,
): void {
  assertMutable(target, op);
  if (target.attr.mutability === 'writeOnly') return; // password: Roster stores none
  const holder = container(view, target, kind !== 'remove');
  if (!holder) return;
  const value = canonical(target.sub ?? target.attr, raw);
  if (target.filter) return applyFiltered(holder, kind, target, value, op, ctx);
  if (target.sub) return applySub(holder, kind, target, value, op);
  applyWhole(holder, kind, target, value, ctx.identities);
}

function applyExtension(
  view: View,
  op: PatchOperation,
  kind: PatchKind,
  extension: SchemaDef,
  value: unknown,
  ctx: Working,
): void {
  if (kind === 'remove' && value === undefined) return void delete view[extension.id];
  if (!isObject(value))
    throw scimError('invalidValue', `operation ${op.index}: the value for ${extension.id} must be an object`);
  for (const [key, v] of Object.entries(value)) applyKey(view, op, kind, `${extension.id}:${key}`, v, ctx);
}

function applyKey(view: View, op: PatchOperation, kind: PatchKind, path: string, value: unknown, ctx: Working): void {
  let target = ctx.targets.get(path);
  // Stryker disable next-line ConditionalExpression: a cache: a path parsed again resolves the same
  if (!target) ctx.targets.set(path, (target = parsePatchPath(ctx.resource, path)));
  if (target.kind === 'extension') return applyExtension(view, op, kind, target.extension, value, ctx);
  applyTarget(view, kind, target, value, op, ctx);
}

/**
 * Without a path, the value is an object of attributes (RFC 7644 §3.5.2.1, §3.5.2.3). Its keys may
 * be paths themselves: Entra sends {"name.givenName": …, "urn:…:User:employeeNumber": …}.
 * Okta and Entra repeat the resource's own id in it, which changes nothing and is allowed.
 */
function applyWithoutPath(view: View, op: PatchOperation, ctx: Working): void {
  if (!isObject(op.value))
    throw scimError('invalidValue', `operation ${op.index}: without a "path", "value" must be an object of attributes`);
  for (const [key, value] of Object.entries(op.value)) {
    const lower = key.toLowerCase();
    if (lower === 'schemas' || (lower === 'id' && value === ctx.resourceId)) continue;
    applyKey(view, op, op.op, key, value, ctx);
  }
}

export function applyPatch(view: View, operations: PatchOperation[], ctx: Ctx): View {
  const working = structuredClone(view);
  const state: Working = { ...ctx, identities: new WeakMap(), targets: new Map(), matchers: new WeakMap() };
  for (const op of operations) {
    if (op.path === undefined) applyWithoutPath(working, op, state);
    else applyKey(working, op, op.op, op.path, op.value, state);
  }
  return working;
}
