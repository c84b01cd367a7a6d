// The parsed form of a SCIM filter (RFC 7644 §3.4.2.2). A tree, not scimmy's disjunctive normal
// form: `not (a or b)` stays one node instead of being expanded (and mis-expanded) into branches.

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** compValue = false / null / true / number / string (RFC 7644 §3.4.2.2, ABNF). */
export type CompValue = string | number | boolean | null;

/** attrPath = [URI ":"] ATTRNAME *1subAttr; `uri` is absent for core attributes written bare. */
export interface AttrPath {
  uri?: string;
  name: string;
  sub?: string;
}

export type FilterNode =
  | { kind: 'and'; items: FilterNode[] }
  | { kind: 'or'; items: FilterNode[] }
  | { kind: 'not'; item: FilterNode }
  | { kind: 'compare'; path: AttrPath; op: CompareOp; value: CompValue }
  | { kind: 'present'; path: AttrPath }
  /** valuePath = attrPath "[" valFilter "]": `filter` is evaluated against each element of `path`. */
  | { kind: 'valuePath'; path: AttrPath; filter: FilterNode };

export const COMPARE_OPS: ReadonlySet<string> = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);

export function pathToString(path: AttrPath): string {
  const base = path.uri ? `${path.uri}:${path.name}` : path.name;
  return path.sub ? `${base}.${path.sub}` : base;
}
