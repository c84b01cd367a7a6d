import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthzRouter } from '../../../src/authz/index.js';
import { buildOpenApi } from '../../../src/authz/openapi.js';
import { createIsolatedRuntime, type IsolatedRuntime } from '../../helpers/isolated-runtime.js';

// /v1/openapi.json against the router that serves it: every route the admin API answers is in
// the document, with its path parameters, and the document names no route that does not exist.
// (The SAML connection and browser-session routes are other routers: src/saml, src/session.)

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function routesOf(stack: Layer[], out: string[] = []): string[] {
  for (const layer of stack) {
    if (layer.route)
      for (const method of Object.keys(layer.route.methods))
        out.push(`${method} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
    else if (layer.handle?.stack) routesOf(layer.handle.stack, out);
  }
  return out;
}

describe('the OpenAPI document and the admin API router', () => {
  let runtime: IsolatedRuntime;
  beforeAll(async () => {
    runtime = await createIsolatedRuntime('openapi');
  });
  afterAll(() => runtime.close());

  it('documents exactly the routes the router answers', () => {
    const router = createAuthzRouter(runtime) as unknown as { stack: Layer[] };
    const served = routesOf(router.stack)
      .filter((r) => r !== 'get /v1/openapi.json')
      .sort();
    const paths = buildOpenApi().paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((method) => `${method} ${p}`))
      .sort();
    expect(served.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((r) => !served.includes(r))).toEqual([]);
    expect(served).toEqual(expect.arrayContaining(['post /v1/connectors', 'post /v1/connectors/{name}/retry-failed']));
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
