import type { Decision } from './decision.js';

/**
 * The grants of a compiled subject, read by `check`. A Map when every reason is prepared up
 * front (compileSubject, the hot path); a LazyGrantTable when a subject is rebuilt per request
 * from stored permissions and only the reason that decides is ever worded.
 */
export interface GrantTable {
  get(permission: string): Decision | undefined;
  has(permission: string): boolean;
  keys(): IterableIterator<string>;
  readonly size: number;
}

export class LazyGrantTable implements GrantTable {
  readonly #permissions: ReadonlySet<string>;
  readonly #word: (permission: string) => Decision;
  readonly #worded = new Map<string, Decision>();

  constructor(permissions: ReadonlySet<string>, word: (permission: string) => Decision) {
    this.#permissions = permissions;
    this.#word = word;
  }

  get(permission: string): Decision | undefined {
    if (!this.#permissions.has(permission)) return undefined;
    let decision = this.#worded.get(permission);
    // Stryker disable next-line ConditionalExpression: a cache: wording again gives an equal decision
    if (!decision) this.#worded.set(permission, (decision = this.#word(permission)));
    return decision;
  }

  has(permission: string): boolean {
    return this.#permissions.has(permission);
  }

  keys(): IterableIterator<string> {
    return this.#permissions.values();
  }

  get size(): number {
    return this.#permissions.size;
  }
}

/** `resource:*` → `resource:`, `resource:action:*` → `resource:action:`; others are not wildcards. */
export function wildcardPrefix(permission: string): string | undefined {
  return permission.endsWith(':*') ? permission.slice(0, -1) : undefined;
}

/**
 * The wildcard grants as [prefix, grant] pairs, longest prefix first, so `models:use:*` decides
 * before `models:*` (the most specific grant names the reason). Matching is `startsWith`: no
 * string is cut per check. admin:* is left out; subjects hold it as a flag.
 */
export function wildcardPairs(grants: Iterable<string>): ReadonlyArray<readonly [string, string]> {
  const pairs: Array<readonly [string, string]> = [];
  for (const grant of grants) {
    const prefix = grant === 'admin:*' ? undefined : wildcardPrefix(grant);
    if (prefix) pairs.push([prefix, grant]);
  }
  return pairs.sort((a, b) => b[0].length - a[0].length);
}
