// Which SCIM operation a request is (RFC 7644 §3.2 endpoint table), for the per-operation
// counter on /metrics. Paths are relative to /scim/v2: /{tenant}/{Users|Groups}[/{id}|/.search].

export type ScimOperation = 'create' | 'replace' | 'patch' | 'delete' | 'get' | 'list';

const BY_METHOD: Record<string, ScimOperation> = { PUT: 'replace', PATCH: 'patch', DELETE: 'delete' };

export function scimOperation(
  method: string,
  path: string,
): { op: ScimOperation; resource: 'Users' | 'Groups' } | undefined {
  const [, resource, id, extra] = path.split('/').filter(Boolean);
  if ((resource !== 'Users' && resource !== 'Groups') || extra !== undefined) return undefined;
  if (id === '.search') return method === 'POST' ? { op: 'list', resource } : undefined; // §3.4.3
  if (method === 'GET') return { op: id ? 'get' : 'list', resource };
  if (method === 'POST') return id ? undefined : { op: 'create', resource };
  const op = BY_METHOD[method];
  return op && id ? { op, resource } : undefined;
}
