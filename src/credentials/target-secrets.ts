// Connectors and SIEM streams keep a target's configuration in two parts: the plain fields, shown
// to admins and stored as they are, and the secret fields (tokens, client secrets, keys), named by
// dotted paths in the target kind's `secretFields`, sealed with the secret box and never returned.

type Json = Record<string, unknown>;

function getPath(obj: Json, path: string[]): unknown {
  let node: unknown = obj;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

function setPath(obj: Json, path: string[], value: unknown): void {
  let node = obj;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Json;
  }
  node[path[path.length - 1]] = value;
}

function deletePath(obj: Json, path: string[]): void {
  const parent = getPath(obj, path.slice(0, -1));
  if (parent && typeof parent === 'object') delete (parent as Json)[path[path.length - 1]];
}

/** Separates the secret fields from a whole configuration; the input is left as it is. */
export function splitSecrets(config: Json, secretFields: readonly string[]): { plain: Json; secrets: Json } {
  const plain = structuredClone(config);
  const secrets: Json = {};
  for (const field of secretFields) {
    const path = field.split('.');
    const value = getPath(plain, path);
    if (value === undefined) continue;
    secrets[field] = value;
    deletePath(plain, path);
  }
  return { plain, secrets };
}

/** The whole configuration again, for the worker that calls the target. */
export function joinSecrets(plain: Json, secrets: Json): Json {
  const whole = structuredClone(plain);
  for (const [field, value] of Object.entries(secrets)) setPath(whole, field.split('.'), value);
  return whole;
}

/** What an admin may see: the plain fields, and each secret field present shown as "[set]". */
export function maskSecrets(plain: Json, secrets: Json): Json {
  return joinSecrets(plain, Object.fromEntries(Object.keys(secrets).map((field) => [field, '[set]'])));
}
