import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import type { Connector, ConnectorDeps, DesiredGroup, DesiredUser, OperationContext, RemoteRef } from '../connector.js';
import { chunk } from './batches.js';
import { cloudEvent } from './cloudevents.js';
import { createHttp, expectOk, type HttpClientOptions } from './http.js';

// Signed webhooks to the tenant's own endpoint: one CloudEvents 1.0 JSON event per change, signed
// per Standard Webhooks (headers webhook-id, webhook-timestamp, webhook-signature; HMAC-SHA256 of
// "id.timestamp.body"). During a secret rotation both secrets sign and both signatures go in the
// header, space-separated, so receivers on either secret verify.
//
// A webhook target holds no state we can read, so findUser/findGroup answer null: the engine's
// find-or-create then creates, and the receiver gets `user.created` rather than an update for an
// object it never saw. Refs are Roster ids.

export const webhookConfigSchema = z.object({
  url: z.url(),
  /** One or two (during rotation) Standard Webhooks secrets, `whsec_<base64>`. */
  secrets: z
    .array(z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/, 'expected whsec_<base64>'))
    .min(1)
    .max(2),
  timeoutMs: z.number().int().positive().default(10_000),
  /** Member ids per group.user_added / group.user_removed event. */
  maxMembersPerEvent: z.number().int().min(1).max(1000).default(100),
});
export type WebhookConfig = z.output<typeof webhookConfigSchema>;

const userData = (u: DesiredUser) => ({
  id: u.id,
  userName: u.userName,
  externalId: u.externalId,
  email: u.email,
  givenName: u.givenName,
  familyName: u.familyName,
  displayName: u.displayName,
  active: u.active,
  roles: u.roles,
});
const groupData = (g: DesiredGroup) => ({ id: g.id, displayName: g.displayName, externalId: g.externalId });

export function createWebhookConnector(config: WebhookConfig, deps: ConnectorDeps): Connector {
  const now = deps.now ?? Date.now;
  const options: HttpClientOptions = { timeoutMs: config.timeoutMs, now, secrets: () => config.secrets };
  const http = createHttp(options);
  const signers = config.secrets.map((secret) => new Webhook(secret));
  const tenantSource = `roster:/tenants/${encodeURIComponent(deps.tenantId)}`;
  const source = `${tenantSource}/connectors/${encodeURIComponent(deps.connectorId)}`;

  async function deliver(type: string, subject: string, data: unknown, id?: string): Promise<void> {
    const event = cloudEvent({ id, source, type, subject, data, now: now() });
    const body = JSON.stringify(event);
    const timestamp = new Date(now());
    const signature = signers.map((signer) => signer.sign(event.id, timestamp, body)).join(' ');
    const what = `POST webhook ${type}`;
    const response = await http({
      method: 'POST',
      url: config.url,
      what,
      body,
      headers: {
        // CloudEvents JSON Event Format §3 (structured content mode).
        'content-type': 'application/cloudevents+json; charset=utf-8',
        'webhook-id': event.id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
    });
    expectOk(response, what, options);
  }

  async function members(type: string, group: RemoteRef, users: RemoteRef[], ctx?: OperationContext): Promise<void> {
    const batches = chunk(
      users.map((u) => ({ id: u.remoteId })),
      config.maxMembersPerEvent,
    );
    for (const [i, batch] of batches.entries()) {
      const id = ctx?.eventId && (batches.length > 1 ? `${ctx.eventId}-${i}` : ctx.eventId);
      await deliver(type, group.remoteId, { group: { id: group.remoteId }, users: batch }, id);
    }
  }

  return {
    kind: 'webhook',
    // A fresh id each time: receivers that drop duplicate ids must still see every check.
    test: () => deliver('connector.test', deps.connectorId, { connectorId: deps.connectorId }, `test_${randomUUID()}`),
    findUser: async () => null,
    async createUser(u, ctx) {
      await deliver('user.created', u.id, userData(u), ctx?.eventId);
      return { remoteId: u.id };
    },
    async updateUser(_ref, u, ctx) {
      await deliver('user.updated', u.id, userData(u), ctx?.eventId);
      return { remoteId: u.id };
    },
    deactivateUser: (_ref, u, ctx) =>
      deliver('user.deactivated', u.id, userData({ ...u, active: false }), ctx?.eventId),
    deleteUser: (_ref, u, ctx) => deliver('user.deleted', u.id, userData(u), ctx?.eventId),
    findGroup: async () => null,
    async createGroup(g, ctx) {
      await deliver('group.created', g.id, groupData(g), ctx?.eventId);
      return { remoteId: g.id };
    },
    async updateGroup(_ref, g, ctx) {
      await deliver('group.updated', g.id, groupData(g), ctx?.eventId);
      return { remoteId: g.id };
    },
    deleteGroup: (_ref, g, ctx) => deliver('group.deleted', g.id, groupData(g), ctx?.eventId),
    addMembers: (group, users, ctx) => members('group.user_added', group, users, ctx),
    removeMembers: (group, users, ctx) => members('group.user_removed', group, users, ctx),
  };
}
