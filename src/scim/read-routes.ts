import { Router, type Request, type Response } from 'express';
import type { DomainDeps } from '../domain/index.js';
import { scimContext } from './auth.js';
import { etagOf, ifNoneMatchHits } from './etag.js';
import { translateFilter } from './filter/translate.js';
import { parseListQuery, projectionParams, sortSpec, type ListLimits, type ListQuery } from './list-query.js';
import { renderAll, type ResourceKind } from './resource-kind.js';
import { parseProjection } from './resources/projection.js';
import { relationLookup } from '../people/index.js';
import { sendList, sendResource } from './respond.js';
import { scimError } from './scim-errors.js';

// GET /{Resources}, POST /{Resources}/.search and GET /{Resources}/{id} (RFC 7644 §3.4).

const SEARCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

async function answerList<D extends { _id: string; version: number }>(
  kind: ResourceKind<D>,
  deps: DomainDeps,
  res: Response,
  query: ListQuery,
): Promise<void> {
  const ctx = scimContext(res);
  const db = deps.store;
  const filter = query.filter
    ? await translateFilter({ map: kind.map, related: relationLookup(db, ctx.tenantId) }, query.filter)
    : {};
  const projection = parseProjection(kind.map.resource, query.attributes, query.excludedAttributes);
  const page = await kind.find(db, ctx.tenantId, filter, {
    sort: sortSpec(kind.map, query),
    skip: query.startIndex - 1,
    limit: query.count,
  });
  sendList(res, await renderAll(kind, db, ctx, page.docs, projection), page.total, query.startIndex);
}

/** RFC 7644 §3.4.3: the same query, in a SearchRequest body (for filters too long for a URL). */
function searchBody(body: unknown): Record<string, unknown> {
  const request = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<
    string,
    unknown
  >;
  const schemas = request.schemas;
  if (!Array.isArray(schemas) || !schemas.includes(SEARCH_SCHEMA))
    throw scimError('invalidSyntax', `"schemas" must be ["${SEARCH_SCHEMA}"]`);
  const { schemas: _ignored, ...params } = request;
  return params;
}

export function readRoutes<D extends { _id: string; version: number }>(
  kind: ResourceKind<D>,
  deps: DomainDeps,
  limits: ListLimits,
): Router {
  const router = Router();
  const endpoint = kind.map.resource.endpoint;

  router.get(endpoint, async (req: Request, res: Response) => {
    await answerList(kind, deps, res, parseListQuery(req.query as Record<string, unknown>, limits));
  });

  router.post(`${endpoint}/.search`, async (req: Request, res: Response) => {
    await answerList(kind, deps, res, parseListQuery(searchBody(req.body), limits));
  });

  router.get(`${endpoint}/:id`, async (req: Request, res: Response) => {
    const ctx = scimContext(res);
    const doc = await kind.get(deps.store, ctx.tenantId, String(req.params.id));
    if (ifNoneMatchHits(req.get('if-none-match'), doc.version)) {
      res.setHeader('ETag', etagOf(doc.version));
      return void res.status(304).end();
    }
    const { attributes, excludedAttributes } = projectionParams(req.query as Record<string, unknown>);
    const [resource] = await renderAll(
      kind,
      deps.store,
      ctx,
      [doc],
      parseProjection(kind.map.resource, attributes, excludedAttributes),
    );
    sendResource(res, 200, resource, doc.version);
  });

  return router;
}
