import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { buildOpenApi } from '../../../src/authz/openapi.js';
import { createIsolatedRuntime, type IsolatedRuntime } from '../../helpers/isolated-runtime.js';

// /v1/openapi.json against the app that serves it: every /v1 route an API key can call is in the
// document, with its path parameters, and the document names no route that does not exist. The
// browser session's own routes (src/session: cookie, not key) are the only /v1 routes left out.

const SESSION_ROUTES = ['get /v1/session', 'post /v1/logout', 'get /v1/openapi.json'];

interface Layer {
  route?: { path: string | RegExp | Array<string | RegExp>; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function routesOf(stack: Layer[], out: string[] = []): string[] {
  for (const layer of stack) {
    if (layer.route) {
      const paths = [layer.route.path].flat().map(String);
      for (const p of paths)
        for (const method of Object.keys(layer.route.methods)) out.push(`${method} ${p.replace(/:(\w+)/g, '{$1}')}`);
    } else if (layer.handle?.stack) routesOf(layer.handle.stack, out);
  }
  return out;
}

describe('the OpenAPI document and the routes', () => {
  let runtime: IsolatedRuntime;
  beforeAll(async () => {
    runtime = await createIsolatedRuntime('openapi');
  });
  afterAll(() => runtime.close());

  it('documents exactly the routes the app answers under /v1', () => {
    const app = createApp(runtime) as unknown as { router: { stack: Layer[] } };
    const served = routesOf(app.router.stack)
      .filter((r) => r.includes(' /v1/') && !SESSION_ROUTES.includes(r))
      .sort();
    const paths = buildOpenApi().paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((method) => `${method} ${p}`))
      .sort();
    expect(served.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((r) => !served.includes(r))).toEqual([]);
    expect(served).toEqual(
      expect.arrayContaining([
        'post /v1/connectors',
        'post /v1/connectors/{name}/retry-failed',
        'put /v1/saml/connection',
      ]),
    );
  });

  it('declares every path parameter and a request body where the route takes one', () => {
    const paths = buildOpenApi().paths as Record<string, Record<string, any>>;
    for (const [p, ops] of Object.entries(paths))
      for (const op of Object.values(ops)) {
        const placeholders = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(
          op.parameters.map((x: { name: string }) => x.name),
          p,
        ).toEqual(placeholders);
      }
    const addConnector = paths['/v1/connectors'].post.requestBody.content['application/json'].schema;
    expect(addConnector.required).toEqual(expect.arrayContaining(['name', 'kind', 'config']));
    expect(Object.keys(addConnector.properties)).toEqual(
      expect.arrayContaining(['scope', 'deprovision', 'deleteGuard']),
    );
    expect(paths['/v1/siem/streams/{id}/replay'].post.requestBody).toBeDefined();
  });
});
