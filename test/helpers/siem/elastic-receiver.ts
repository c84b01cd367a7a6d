// An Elasticsearch double for the Bulk API: checks ApiKey or basic auth, reads NDJSON action/source
// pairs the way Elasticsearch does (a body must end with a newline; `create` refuses an existing
// _id with 409 version_conflict_engine_exception), and can fail chosen items or whole requests.
import type { ServerResponse } from 'node:http';
import {
  sendFailure,
  sendJson,
  startLoopbackServer,
  takeFailure,
  type LoopbackServer,
  type ReceivedRequest,
  type ScriptedFailure,
} from './http-server.js';

export interface ElasticReceiver extends LoopbackServer {
  apiKey: string;
  /** index -> _id -> source */
  indices: Map<string, Map<string, Record<string, unknown>>>;
  requests: ReceivedRequest[];
  failures: ScriptedFailure[];
  /** _id -> the per-item error to answer (once) instead of storing the document. */
  itemFailures: Map<string, { status: number; type: string; reason: string }>;
}

type Item = { create: Record<string, unknown> };

function error(res: ServerResponse, status: number, type: string, reason: string): void {
  sendJson(res, status, { error: { root_cause: [{ type, reason }], type, reason }, status });
}

function authorized(req: ReceivedRequest, apiKey: string): boolean {
  const basic = `Basic ${Buffer.from('elastic:changeme').toString('base64')}`;
  return req.headers.authorization === `ApiKey ${apiKey}` || req.headers.authorization === basic;
}

function parsePairs(
  body: string,
): { action: Record<string, { _id?: string }>; source: Record<string, unknown> }[] | string {
  if (!body.endsWith('\n')) return 'The bulk request must be terminated by a newline [\\n]';
  const lines = body.slice(0, -1).split('\n');
  if (lines.length % 2 !== 0) return 'Malformed action/metadata line: expected a source line after it';
  const pairs = [];
  for (let i = 0; i < lines.length; i += 2)
    pairs.push({ action: JSON.parse(lines[i]), source: JSON.parse(lines[i + 1]) });
  return pairs;
}

export async function startElasticReceiver(): Promise<ElasticReceiver> {
  const state = {
    apiKey: 'VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==',
    indices: new Map<string, Map<string, Record<string, unknown>>>(),
    requests: [] as ReceivedRequest[],
    failures: [] as ScriptedFailure[],
    itemFailures: new Map<string, { status: number; type: string; reason: string }>(),
  };

  const bulkItem = (index: string, id: string, source: Record<string, unknown>): Item => {
    const docs = state.indices.get(index) ?? new Map<string, Record<string, unknown>>();
    state.indices.set(index, docs);
    const scripted = state.itemFailures.get(id);
    if (scripted) {
      state.itemFailures.delete(id);
      return {
        create: {
          _index: index,
          _id: id,
          status: scripted.status,
          error: { type: scripted.type, reason: scripted.reason },
        },
      };
    }
    if (docs.has(id)) {
      return {
        create: {
          _index: index,
          _id: id,
          status: 409,
          error: {
            type: 'version_conflict_engine_exception',
            reason: `[${id}]: version conflict, document already exists (current version [1])`,
          },
        },
      };
    }
    docs.set(id, source);
    return { create: { _index: index, _id: id, _version: 1, result: 'created', status: 201 } };
  };

  const onBulk = (req: ReceivedRequest, res: ServerResponse, index: string) => {
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/(x-ndjson|json)/.test(type))
      return error(res, 406, 'media_type_header_exception', `Content-Type header [${type}] is not supported`);
    const pairs = parsePairs(req.body);
    if (typeof pairs === 'string') return error(res, 400, 'illegal_argument_exception', pairs);
    const items = pairs.map(({ action, source }) => {
      if (!action.create)
        return {
          create: {
            _index: index,
            status: 400,
            error: { type: 'action_request_validation_exception', reason: 'only create is expected here' },
          },
        };
      return bulkItem(index, action.create._id ?? crypto.randomUUID(), source);
    });
    sendJson(res, 200, { took: 1, errors: items.some((i) => (i.create.status as number) >= 300), items });
  };

  const server = await startLoopbackServer((req, res) => {
    state.requests.push(req);
    if (!authorized(req, state.apiKey))
      return error(res, 401, 'security_exception', 'unable to authenticate with provided credentials');
    const failure = takeFailure(state.failures);
    if (failure) return sendFailure(res, failure);
    const bulk = /^\/([^/_][^/]*)\/_bulk$/.exec(req.path);
    if (req.method === 'POST' && bulk) return onBulk(req, res, decodeURIComponent(bulk[1]));
    if (req.method === 'GET' && req.path === '/_security/_authenticate')
      return sendJson(res, 200, { username: 'roster', authentication_type: 'api_key' });
    error(res, 404, 'resource_not_found_exception', `no handler for ${req.method} ${req.path}`);
  });
  return Object.assign(state, server);
}
