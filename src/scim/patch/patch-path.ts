import { RosterError } from '../../errors/index.js';
import type { FilterNode } from '../filter/ast.js';
import { tokenize } from '../filter/lexer.js';
import { parseValueFilter, toAttrPath } from '../filter/parser.js';
import { findExtension, findSub, resolveAttr } from '../schema/resolve.js';
import type { AttrDef, ResourceDef, SchemaDef } from '../schema/schemas.js';
import { scimError } from '../scim-errors.js';

// PATH = attrPath / valuePath [subAttr] (RFC 7644 §3.5.2, ABNF), resolved against the schema:
//   "name.familyName", "emails[type eq \"work\"].value", "members[value eq \"…\"]",
//   "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
//   or a whole extension URN.

export type PatchTarget =
  | {
      kind: 'attribute';
      /** The extension whose object holds the attribute; absent for core attributes. */
      extension?: SchemaDef;
      attr: AttrDef;
      /** Selects elements of a multi-valued attribute. */
      filter?: FilterNode;
      sub?: AttrDef;
    }
  | { kind: 'extension'; extension: SchemaDef };

function invalidPath(detail: string): never {
  throw scimError('invalidPath', detail);
}

/** Filter syntax errors inside a path are path errors (RFC 7644 §3.12 "invalidPath"). */
function parseInner(tokens: ReturnType<typeof tokenize>, path: string): FilterNode {
  try {
    return parseValueFilter(tokens);
  } catch (err) {
    if (err instanceof RosterError) invalidPath(`"${path}": ${err.message}`);
    throw err;
  }
}

function splitValuePath(path: string): { head: string; filter?: FilterNode; sub?: string } {
  let tokens: ReturnType<typeof tokenize>;
  try {
    tokens = tokenize(path);
  } catch {
    return invalidPath(`"${path}" is not an attribute path`);
  }
  const [first, second] = tokens;
  if (first?.type !== 'word') invalidPath(`"${path}" is not an attribute path`);
  if (tokens.length === 1) return { head: first.value };
  const close = tokens.findIndex((t) => t.type === 'rbracket');
  if (second.type !== 'lbracket' || close < 0) invalidPath(`"${path}" is not an attribute path`);
  const filter = parseInner(tokens.slice(2, close), path);
  const tail = tokens.slice(close + 1);
  if (tail.length === 0) return { head: first.value, filter };
  const sub = tail[0];
  if (tail.length > 1 || sub.type !== 'word' || !sub.value.startsWith('.'))
    invalidPath(`"${path}": unexpected text after "]"`);
  return { head: first.value, filter, sub: sub.value.slice(1) };
}

export function parsePatchPath(resource: ResourceDef, path: string): PatchTarget {
  const whole = findExtension(resource, path);
  if (whole) return { kind: 'extension', extension: whole };
  const { head, filter, sub } = splitValuePath(path);
  let attrPath: ReturnType<typeof toAttrPath>;
  try {
    attrPath = toAttrPath(head);
  } catch {
    return invalidPath(`"${path}" is not an attribute path`);
  }
  if (filter && attrPath.sub) invalidPath(`"${path}": a value filter applies to an attribute, not a sub-attribute`);
  const resolved = resolveAttr(resource, attrPath) ?? invalidPath(`"${path}" is not an attribute of ${resource.name}`);
  const subDef =
    sub === undefined
      ? resolved.sub
      : (findSub(resolved.attr, sub) ?? invalidPath(`"${sub}" is not a sub-attribute of ${resolved.attr.name}`));
  if (filter && !(resolved.attr.type === 'complex' && resolved.attr.multiValued))
    invalidPath(`"${path}": value filters select elements of multi-valued attributes`);
  return {
    kind: 'attribute',
    attr: resolved.attr,
    ...(resolved.extension ? { extension: resolved.extension } : {}),
    ...(filter ? { filter } : {}),
    ...(subDef ? { sub: subDef } : {}),
  };
}
