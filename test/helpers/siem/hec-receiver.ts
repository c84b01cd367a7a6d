// A Splunk HTTP Event Collector double: checks `Authorization: Splunk <token>`, parses the body the
// way HEC does (event envelopes concatenated, not an array), answers HEC's codes ("Troubleshoot
// HTTP Event Collector": 2 token required, 4 invalid token, 5 no data, 6 invalid data format,
// 10 data channel missing, 12 event field required) and runs the indexer-acknowledgement flow.
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

export interface HecEnvelope {
  time?: number;
  host?: string;
  source?: string;
  sourcetype?: string;
  index?: string;
  event: Record<string, unknown>;
  fields?: Record<string, unknown>;
}

export interface HecReceiver extends LoopbackServer {
  token: string;
  events: HecEnvelope[];
  requests: ReceivedRequest[];
  failures: ScriptedFailure[];
  /** With ack on: how many polls answer `false` before an ackId is reported indexed (Infinity: never). */
  ackAfterPolls: number;
}

/** Splits concatenated JSON objects the way HEC reads them; a broken one yields its index. */
export function splitConcatenatedJson(body: string): { objects: unknown[]; invalidAt?: number } {
  const objects: unknown[] = [];
  let depth = 0,
    start = -1,
    inString = false,
    escaped = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) {
      try {
        objects.push(JSON.parse(body.slice(start, i + 1)));
      } catch {
        return { objects, invalidAt: objects.length };
      }
    } else if (depth === 0 && !/\s/.test(c)) return { objects, invalidAt: objects.length };
  }
  return depth === 0 ? { objects } : { objects, invalidAt: objects.length };
}

function checkAuth(req: ReceivedRequest, token: string, res: ServerResponse): boolean {
  const header = req.headers.authorization;
  if (!header) return (sendJson(res, 401, { text: 'Token is required', code: 2 }), false);
  if (header !== `Splunk ${token}`) return (sendJson(res, 403, { text: 'Invalid token', code: 4 }), false);
  return true;
}

function validEnvelope(value: unknown): value is HecEnvelope {
  const event = (value as HecEnvelope)?.event;
  return typeof event === 'object' && event !== null;
}

export async function startHecReceiver(
  options: { token?: string; ack?: boolean; port?: number } = {},
): Promise<HecReceiver> {
  const token = options.token ?? '11111111-2222-3333-4444-555555555555';
  const acks = new Map<number, number>(); // ackId -> polls seen
  let nextAckId = 0;
  const state = {
    token,
    events: [] as HecEnvelope[],
    requests: [] as ReceivedRequest[],
    failures: [] as ScriptedFailure[],
    ackAfterPolls: 0,
  };

  const onEvent = (req: ReceivedRequest, res: ServerResponse) => {
    const channel = req.headers['x-splunk-request-channel'];
    if (options.ack && !channel) return sendJson(res, 400, { text: 'Data channel is missing', code: 10 });
    if (req.body.trim() === '') return sendJson(res, 400, { text: 'No data', code: 5 });
    const { objects, invalidAt } = splitConcatenatedJson(req.body);
    if (invalidAt !== undefined)
      return sendJson(res, 400, { text: 'Invalid data format', code: 6, 'invalid-event-number': invalidAt });
    const bad = objects.findIndex((o) => !validEnvelope(o));
    if (bad >= 0) return sendJson(res, 400, { text: 'Event field is required', code: 12, 'invalid-event-number': bad });
    state.events.push(...(objects as HecEnvelope[]));
    if (!options.ack) return sendJson(res, 200, { text: 'Success', code: 0 });
    acks.set(nextAckId, 0);
    sendJson(res, 200, { text: 'Success', code: 0, ackId: nextAckId++ });
  };

  const onAck = (req: ReceivedRequest, res: ServerResponse) => {
    if (!req.query.get('channel')) return sendJson(res, 400, { text: 'Data channel is missing', code: 10 });
    const ids = (JSON.parse(req.body) as { acks: number[] }).acks;
    const answer: Record<string, boolean> = {};
    for (const id of ids) {
      const polls = (acks.get(id) ?? 0) + 1;
      acks.set(id, polls);
      answer[id] = polls > state.ackAfterPolls;
    }
    sendJson(res, 200, { acks: answer });
  };

  const server = await startLoopbackServer((req, res) => {
    state.requests.push(req);
    if (!checkAuth(req, token, res)) return;
    const failure = takeFailure(state.failures);
    if (failure) return sendFailure(res, failure);
    if (req.path === '/services/collector/event') return onEvent(req, res);
    if (req.path === '/services/collector/ack') return onAck(req, res);
    sendJson(res, 404, { text: 'The requested URL was not found on this server.', code: 404 });
  }, options.port);
  return Object.assign(state, server);
}
