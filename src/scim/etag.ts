// Versioning (RFC 7644 §3.14): meta.version is a weak entity tag (RFC 7232 §2.3) over the stored
// version counter, sent as the ETag header and compared on If-Match / If-None-Match with the weak
// comparison (RFC 7232 §2.3.2), so W/"3" and "3" name the same version.

export function etagOf(version: number): string {
  return `W/"${version}"`;
}

function tagsOf(header: string | undefined): string[] | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .filter(Boolean);
}

function versionOf(tag: string): number | undefined {
  const match = /^"(\d+)"$/.exec(tag);
  return match ? Number(match[1]) : undefined;
}

/**
 * The versions an If-Match accepts; undefined when the header is absent or "*" (any current
 * representation, RFC 7232 §3.1). Tags that are not Roster versions accept nothing, so a write
 * against them fails with 412 as it should.
 */
export function ifMatchVersions(header: string | undefined): number[] | undefined {
  const tags = tagsOf(header);
  if (!tags || tags.includes('*')) return undefined;
  return tags.map(versionOf).filter((v): v is number => v !== undefined);
}

/** If-None-Match names the current version (or "*"): a GET answers 304 (RFC 7232 §3.2). */
export function ifNoneMatchHits(header: string | undefined, version: number): boolean {
  const tags = tagsOf(header);
  return !!tags && tags.some((t) => t === '*' || versionOf(t) === version);
}

/** If-None-Match is "*": true of any existing representation (RFC 7232 §3.2). */
export function ifNoneMatchAny(header: string | undefined): boolean {
  return !!tagsOf(header)?.includes('*');
}
