// A generic HTTPS-JSON (webhook) receiver double: checks one auth header, reads NDJSON or a JSON
// array according to Content-Type, records the documents.
import {
  sendFailure,
  sendJson,
  startLoopbackServer,
  takeFailure,
  type LoopbackServer,
  type ScriptedFailure,
} from './http-server.js';

export interface JsonReceiver extends LoopbackServer {
  documents: Record<string, unknown>[];
  contentTypes: string[];
  failures: ScriptedFailure[];
}

function parse(body: string, contentType: string): Record<string, unknown>[] {
  if (contentType.startsWith('application/x-ndjson'))
    return body
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l));
  const parsed = JSON.parse(body);
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** `auth` is the header that must be present, e.g. {name: 'authorization', value: 'Bearer …'}. */
export async function startJsonReceiver(auth: { name: string; value: string }): Promise<JsonReceiver> {
  const state = {
    documents: [] as Record<string, unknown>[],
    contentTypes: [] as string[],
    failures: [] as ScriptedFailure[],
  };
  const server = await startLoopbackServer((req, res) => {
    if (req.headers[auth.name.toLowerCase()] !== auth.value) return sendJson(res, 401, { error: 'unauthorized' });
    const failure = takeFailure(state.failures);
    if (failure) return sendFailure(res, failure);
    const type = String(req.headers['content-type'] ?? '');
    state.contentTypes.push(type);
    try {
      state.documents.push(...parse(req.body, type));
    } catch {
      return sendJson(res, 400, { error: 'body is not JSON' });
    }
    sendJson(res, 202, { accepted: true });
  });
  return Object.assign(state, server);
}
