import { ConnectorError } from './errors.js';

// The REST connector's templates: `{{user.email}}` or `{{user.role|member}}` (a literal fallback
// after `|`). A placeholder is only a dotted path looked up through own properties of plain data,
// so a template can read values and nothing else: no expressions, no prototype, no code.
//   - in a URL each value is percent-encoded (RFC 3986 §2.1), so it stays inside its segment;
//   - in a JSON body the template is JSON, walked value by value: a string that is exactly one
//     placeholder becomes the value itself (a boolean stays a boolean; a missing one drops the
//     key), other strings get the values spliced in. The result is serialized by JSON.stringify,
//     so a value can never break out of its string.

const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*(?:\.[\w-]+)*)\s*(?:\|([^{}]*))?\}\}/g;
const WHOLE = new RegExp(`^${PLACEHOLDER.source}$`);

export type TemplateContext = Record<string, unknown>;

/** Follows a dotted path through own properties only; undefined when any step is missing. */
export function lookup(context: unknown, path: string): unknown {
  let current = context;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function resolve(context: TemplateContext, path: string, fallback: string | undefined): unknown {
  const value = lookup(context, path);
  return value === undefined || value === null ? fallback : value;
}

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export function renderUrl(template: string, context: TemplateContext): string {
  return template.replace(PLACEHOLDER, (_match, path: string, fallback?: string) => {
    const value = resolve(context, path, fallback);
    // An empty segment would address another resource (…/members/ is the collection): refuse.
    if (value === undefined || value === '')
      throw new ConnectorError('permanent', `URL template needs ${path}`, { detail: template });
    return encodeURIComponent(text(value));
  });
}

export function renderJson(template: unknown, context: TemplateContext): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE.exec(template);
    if (whole) return resolve(context, whole[1], whole[2]);
    return template.replace(PLACEHOLDER, (_match, path: string, fallback?: string) => {
      const value = resolve(context, path, fallback);
      return value === undefined ? '' : text(value);
    });
  }
  if (Array.isArray(template)) return template.map((item) => renderJson(item, context));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, renderJson(value, context)]));
  }
  return template;
}

/** RFC 6901 JSON Pointer, own properties only; undefined when the path is absent. */
export function jsonPointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  if (!pointer.startsWith('/')) return undefined;
  let current = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
