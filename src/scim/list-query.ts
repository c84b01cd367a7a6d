import type { SortSpec } from '../store/index.js';
import type { FilterNode } from './filter/ast.js';
import { parseFilter } from './filter/parser.js';
import { fieldOf, type StorageMap } from './resources/storage-map.js';
import { resolveAttr, splitPath } from './schema/resolve.js';
import { scimError } from './scim-errors.js';

// Query parameters of a list (RFC 7644 §3.4.2) or the body of a POST …/.search (§3.4.3).

export interface ListLimits {
  /** Advertised as filter.maxResults in ServiceProviderConfig; a larger count is refused. */
  maxResults: number;
  defaultCount: number;
}

export interface ListQuery {
  filter?: FilterNode;
  startIndex: number;
  count: number;
  sortBy?: string;
  descending: boolean;
  attributes?: string;
  excludedAttributes?: string;
}

const PARAMS = ['filter', 'startIndex', 'count', 'sortBy', 'sortOrder', 'attributes', 'excludedAttributes'] as const;
type Param = (typeof PARAMS)[number];

function invalidValue(detail: string): never {
  throw scimError('invalidValue', detail);
}

/** Parameter names are matched case-insensitively; a list (attributes in .search) is joined. */
function readParams(source: Record<string, unknown>): Partial<Record<Param, string>> {
  const out: Partial<Record<Param, string>> = {};
  for (const [key, raw] of Object.entries(source)) {
    const name = PARAMS.find((p) => p.toLowerCase() === key.toLowerCase());
    if (!name || raw === undefined) continue;
    if (Array.isArray(raw) && (name === 'attributes' || name === 'excludedAttributes'))
      out[name] = raw.map(String).join(',');
    else if (typeof raw === 'string' || typeof raw === 'number') out[name] = String(raw);
    else invalidValue(`"${key}" must be given once, as a single value`);
  }
  return out;
}

function integer(name: string, text: string): number {
  if (!/^[+-]?\d{1,15}$/.test(text.trim())) invalidValue(`${name} must be an integer`);
  return Number(text);
}

/**
 * RFC 7644 §3.4.2.4: startIndex below 1 is read as 1 and a negative count as 0, as the RFC says.
 * A count above maxResults is refused with 400, so a client learns its paging is wrong instead
 * of silently receiving less.
 */
function paging(params: Partial<Record<Param, string>>, limits: ListLimits): { startIndex: number; count: number } {
  const startIndex = params.startIndex === undefined ? 1 : Math.max(1, integer('startIndex', params.startIndex));
  const count = params.count === undefined ? limits.defaultCount : Math.max(0, integer('count', params.count));
  if (count > limits.maxResults)
    throw scimError('tooMany', `count ${count} is more than maxResults (${limits.maxResults}); page with startIndex`);
  return { startIndex, count };
}

function order(text: string | undefined): boolean {
  if (text === undefined) return false;
  const lower = text.toLowerCase();
  if (lower !== 'ascending' && lower !== 'descending') invalidValue('sortOrder must be "ascending" or "descending"');
  return lower === 'descending';
}

/** attributes / excludedAttributes alone, for reads and writes of one resource (RFC 7644 §3.9). */
export function projectionParams(source: Record<string, unknown>): {
  attributes?: string;
  excludedAttributes?: string;
} {
  const params = readParams(source);
  return { attributes: params.attributes, excludedAttributes: params.excludedAttributes };
}

export function parseListQuery(source: Record<string, unknown>, limits: ListLimits): ListQuery {
  const params = readParams(source);
  return {
    ...(params.filter !== undefined ? { filter: parseFilter(params.filter) } : {}),
    ...paging(params, limits),
    ...(params.sortBy ? { sortBy: params.sortBy } : {}),
    descending: order(params.sortOrder),
    ...(params.attributes ? { attributes: params.attributes } : {}),
    ...(params.excludedAttributes ? { excludedAttributes: params.excludedAttributes } : {}),
  };
}

/**
 * sortBy as a store sort (RFC 7644 §3.4.2.3); case-insensitive attributes sort by their indexed
 * lowercase twin. `_id` breaks ties, and alone is the default order (ids are time-ordered, so
 * that is creation order and pages stay stable while new resources arrive).
 */
export function sortSpec(map: StorageMap, query: ListQuery): SortSpec {
  const direction = query.descending ? -1 : 1;
  if (!query.sortBy) return { _id: direction };
  const path = splitPath(query.sortBy);
  const resolved = path && resolveAttr(map.resource, path);
  if (!resolved) invalidValue(`sortBy "${query.sortBy}" is not an attribute of ${map.resource.name}`);
  const field = fieldOf(map, resolved);
  if (field.kind !== 'field') invalidValue(`cannot sort by ${resolved.key}`);
  const multiValue = resolved.attr.multiValued && !resolved.sub && resolved.attr.type === 'complex' ? '.value' : '';
  return {
    [field.lowered ?? `${field.path}${multiValue}`]: direction,
    ...(field.path === '_id' ? {} : { _id: direction }),
  };
}
