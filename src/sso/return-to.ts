// Where a user may be sent after logging in: a path on this Roster, or a URL whose origin the
// tenant allow-listed. Everything else is refused, so the ACS is never an open redirect.

const MAX_LENGTH = 2048;
/** Control characters and whitespace: browsers silently drop tabs and newlines from URLs, so
 * "/\t/evil.example" would become "//evil.example". Backslashes: browsers read "\" as "/". */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u0020\u007f-\u009f\\]/;
const LOCAL_BASE = 'https://roster.invalid';

/** A local path, normalized ("/app?x=1#y"), or undefined when it is not one. */
export function localPath(candidate: string): string | undefined {
  // "//host" and "/\host" are protocol-relative: another origin, not a path.
  if (!candidate.startsWith('/') || candidate.startsWith('//')) return undefined;
  let url: URL;
  try {
    url = new URL(candidate, LOCAL_BASE);
  } catch {
    return undefined;
  }
  if (url.origin !== LOCAL_BASE) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The origin of an absolute http(s) URL written out in full, or undefined. */
export function absoluteOrigin(candidate: string): string | undefined {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password) return undefined;
  // "https:evil.example" parses as https://evil.example/; only the spelled-out form is accepted.
  if (!candidate.toLowerCase().startsWith(`${url.protocol}//`)) return undefined;
  return url.origin;
}

/**
 * The URL to redirect to, or undefined when `candidate` is neither a local path nor on the
 * allow-list (a list of origins such as "https://app.example.com").
 */
export function safeReturnTo(candidate: unknown, allowList: readonly string[]): string | undefined {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > MAX_LENGTH) return undefined;
  if (UNSAFE.test(candidate)) return undefined;
  const path = localPath(candidate);
  if (path !== undefined) return path;
  const origin = absoluteOrigin(candidate);
  if (origin === undefined || !allowList.includes(origin)) return undefined;
  return new URL(candidate).href;
}

/** An allow-list entry as an origin; undefined unless it is a bare http(s) origin. */
export function normalizeAllowedOrigin(entry: string): string | undefined {
  if (UNSAFE.test(entry)) return undefined;
  const origin = absoluteOrigin(entry);
  if (!origin) return undefined;
  const url = new URL(entry);
  return url.pathname === '/' && !url.search && !url.hash ? origin : undefined;
}
