import { describe, expect, it } from 'vitest';
import { jsonPointer, lookup, renderJson, renderUrl } from '../../../workers/sync/connectors/template.js';

const context = {
  user: {
    email: 'a+b/c@acme.example',
    active: false,
    roles: ['admin', 'viewer'],
    role: undefined,
    name: 'Quote "me" \\ please',
  },
  vars: { org: 'org 1' },
};

describe('REST templates', () => {
  it('percent-encodes URL values so they stay inside their segment or query value', () => {
    expect(renderUrl('/orgs/{{vars.org}}/users?email={{user.email}}', context)).toBe(
      '/orgs/org%201/users?email=a%2Bb%2Fc%40acme.example',
    );
  });

  it('refuses a URL whose placeholder has no value rather than addressing the collection', () => {
    expect(() => renderUrl('/users/{{ref.remoteId}}', context)).toThrow(
      expect.objectContaining({ class: 'permanent' }),
    );
    expect(renderUrl('/users/{{ref.remoteId|none}}', context)).toBe('/users/none');
  });

  it('keeps JSON types for whole-value placeholders and drops keys without a value', () => {
    expect(
      renderJson(
        {
          active: '{{user.active}}',
          roles: '{{user.roles}}',
          role: '{{user.role}}',
          fallback: '{{user.role|member}}',
          first: '{{user.roles.0}}',
        },
        context,
      ),
    ).toEqual({ active: false, roles: ['admin', 'viewer'], fallback: 'member', first: 'admin' });
  });

  it('splices values into longer strings, and JSON.stringify keeps quotes and backslashes inside them', () => {
    const rendered = renderJson({ note: 'Hello {{user.name}}!', list: ['{{vars.org}}', 7, null] }, context);
    expect(rendered).toEqual({ note: 'Hello Quote "me" \\ please!', list: ['org 1', 7, null] });
    expect(JSON.parse(JSON.stringify(rendered))).toEqual(rendered);
  });

  it('reads own properties only: no prototype, no constructor, no expressions', () => {
    expect(lookup(context, 'user.constructor')).toBeUndefined();
    expect(lookup(context, '__proto__')).toBeUndefined();
    expect(lookup(context, 'user.email.length')).toBeUndefined();
    expect(renderJson('{{ process.exit() }}', context)).toBe('{{ process.exit() }}');
    expect(renderJson('{{user.toString}}', context)).toBeUndefined();
  });

  it('resolves RFC 6901 JSON pointers, with ~1 and ~0 escapes', () => {
    const doc = { data: [{ id: 'u1' }], 'a/b': { 'm~n': 3 } };
    expect(jsonPointer(doc, '/data/0/id')).toBe('u1');
    expect(jsonPointer(doc, '/a~1b/m~0n')).toBe(3);
    expect(jsonPointer(doc, '/data/1/id')).toBeUndefined();
    expect(jsonPointer(doc, '/data/constructor')).toBeUndefined();
  });
});
