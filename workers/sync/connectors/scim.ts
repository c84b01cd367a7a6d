import { z } from 'zod';
import type { Connector, ConnectorDeps, RemoteRef } from '../connector.js';
import { chunk } from './batches.js';
import { ConnectorError, isConnectorError } from './errors.js';
import { createHttp, expectOk, type HttpClientOptions, type HttpResponse } from './http.js';
import { createTokenSource, scimAuthSchema } from './scim-auth.js';
import {
  addMembersOp,
  eqFilter,
  groupReplaceOps,
  groupResource,
  patchBody,
  removeMemberOp,
  userReplaceOps,
  userResource,
  type PatchOperation,
} from './scim-resources.js';

// Outbound SCIM 2.0 client (RFC 7644) for Slack, Atlassian, Zoom, WorkOS-fronted targets, or any
// other SCIM service provider. ServiceProviderConfig (RFC 7644 §4) is read once to choose PATCH
// or PUT; RFC 7643 §5 has no per-PATCH limit, so the batch size of member changes is configured.

export const scimConfigSchema = z.object({
  /** The SCIM base URL, e.g. https://api.slack.com/scim/v2 (no trailing /Users). */
  baseUrl: z.url(),
  auth: scimAuthSchema,
  timeoutMs: z.number().int().positive().default(10_000),
  /** Member values per PATCH request (Entra and Okta send at most 100). */
  maxMembersPerPatch: z.number().int().min(1).max(1000).default(100),
});
export type ScimConfig = z.output<typeof scimConfigSchema>;

interface ScimList {
  Resources?: Array<{ id: string; active?: boolean }>;
}
interface ScimGroupBody {
  members?: Array<{ value: string }>;
}

const JSON_TYPE = 'application/scim+json';
const userRef = (r: { id: string; active?: boolean }): RemoteRef => ({
  remoteId: r.id,
  state: r.active === false ? 'inactive' : 'active',
});

export function createScimConnector(config: ScimConfig, deps: ConnectorDeps): Connector {
  const options: HttpClientOptions = {
    timeoutMs: config.timeoutMs,
    now: deps.now ?? Date.now,
    secrets: () => tokens.secrets(),
  };
  const http = createHttp(options);
  const tokens = createTokenSource(config.auth, http, options);
  const base = config.baseUrl.replace(/\/+$/, '');

  async function call(method: string, path: string, body?: unknown, alsoOk: number[] = []): Promise<HttpResponse> {
    const what = `${method} ${path.split('?')[0]}`;
    const send = async () =>
      http({
        method,
        url: `${base}${path}`,
        what,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: {
          authorization: await tokens.header(),
          accept: JSON_TYPE,
          ...(body === undefined ? {} : { 'content-type': JSON_TYPE }),
        },
      });
    let response = await send();
    // An expired or revoked OAuth token: fetch a new one, once (RFC 6750 §3.1 invalid_token).
    if (response.status === 401 && tokens.invalidate()) response = await send();
    return expectOk(response, what, options, alsoOk);
  }

  let capabilities: Promise<{ patch: boolean }> | undefined;
  function patchSupported(): Promise<boolean> {
    capabilities ??= call('GET', '/ServiceProviderConfig', undefined, [404]).then(
      // A target without the (mandatory) endpoint is assumed to take PATCH, as all major ones do.
      (r) => ({
        patch: r.status === 404 || (r.json() as { patch?: { supported?: boolean } })?.patch?.supported === true,
      }),
      (e: unknown) => {
        capabilities = undefined;
        throw e;
      },
    );
    return capabilities.then((c) => c.patch);
  }

  async function findOne(
    endpoint: string,
    attribute: string,
    value: string | undefined,
  ): Promise<{ id: string; active?: boolean } | null> {
    if (!value) return null;
    const response = await call('GET', `/${endpoint}?filter=${encodeURIComponent(eqFilter(attribute, value))}&count=2`);
    const found = (response.json() as ScimList)?.Resources ?? [];
    if (found.length > 1)
      throw new ConnectorError('permanent', `GET /${endpoint}: ${attribute} matches more than one resource`);
    return found[0] ?? null;
  }

  /** RFC 7644 §3.3: 409 uniqueness means it exists already (a lost answer, or made by hand): adopt it. */
  async function createOrAdopt(
    endpoint: string,
    body: unknown,
    find: () => Promise<RemoteRef | null>,
    toRef: (r: { id: string }) => RemoteRef,
  ): Promise<RemoteRef> {
    try {
      return toRef((await call('POST', `/${endpoint}`, body)).json() as { id: string });
    } catch (error) {
      if (!(isConnectorError(error) && error.status === 409)) throw error;
      const existing = await find();
      if (!existing) throw error;
      return existing;
    }
  }

  const path = (endpoint: string, id: string) => `/${endpoint}/${encodeURIComponent(id)}`;
  const patch = (endpoint: string, id: string, ops: PatchOperation[]) =>
    call('PATCH', path(endpoint, id), patchBody(ops));

  async function currentMembers(groupId: string): Promise<string[]> {
    const body = (await call('GET', `${path('Groups', groupId)}?attributes=members`)).json() as ScimGroupBody;
    return (body?.members ?? []).map((m) => m.value);
  }

  /** Without PATCH a member change is read, change, PUT the whole group (RFC 7644 §3.5.1). */
  async function putMembers(group: RemoteRef, change: (ids: Set<string>) => void): Promise<void> {
    const body = (await call('GET', path('Groups', group.remoteId))).json() as ScimGroupBody & {
      displayName: string;
      externalId?: string;
      id: string;
    };
    const ids = new Set((body.members ?? []).map((m) => m.value));
    change(ids);
    await call(
      'PUT',
      path('Groups', group.remoteId),
      groupResource(
        body,
        [...ids].map((value) => ({ value })),
        group.remoteId,
      ),
    );
  }

  const connector: Connector = {
    kind: 'scim',
    async test() {
      capabilities = undefined;
      await patchSupported();
      // RFC 7644 §4 lets discovery endpoints skip authentication; a list call proves the credentials.
      await call('GET', '/Users?count=1');
    },
    async findUser(u) {
      const found =
        (await findOne('Users', 'userName', u.userName)) ?? (await findOne('Users', 'externalId', u.externalId));
      return found && userRef(found);
    },
    createUser: (u) => createOrAdopt('Users', userResource(u), () => connector.findUser(u), userRef),
    async updateUser(ref, u) {
      if (await patchSupported()) await patch('Users', ref.remoteId, userReplaceOps(u));
      else await call('PUT', path('Users', ref.remoteId), userResource(u, ref.remoteId));
      return { remoteId: ref.remoteId, state: u.active ? 'active' : 'inactive' };
    },
    async deactivateUser(ref, u) {
      if (await patchSupported()) await patch('Users', ref.remoteId, [{ op: 'replace', path: 'active', value: false }]);
      else await call('PUT', path('Users', ref.remoteId), userResource({ ...u, active: false }, ref.remoteId));
    },
    async deleteUser(ref) {
      await call('DELETE', path('Users', ref.remoteId), undefined, [404]);
    },
    async findGroup(g) {
      const found =
        (await findOne('Groups', 'displayName', g.displayName)) ??
        (await findOne('Groups', 'externalId', g.externalId));
      return found && { remoteId: found.id };
    },
    createGroup: (g) =>
      createOrAdopt(
        'Groups',
        groupResource(g, []),
        () => connector.findGroup(g),
        (r) => ({ remoteId: r.id }),
      ),
    async updateGroup(ref, g) {
      if (await patchSupported()) await patch('Groups', ref.remoteId, groupReplaceOps(g));
      else
        await call(
          'PUT',
          path('Groups', ref.remoteId),
          groupResource(
            g,
            (await currentMembers(ref.remoteId)).map((value) => ({ value })),
            ref.remoteId,
          ),
        );
      return ref;
    },
    async deleteGroup(ref) {
      await call('DELETE', path('Groups', ref.remoteId), undefined, [404]);
    },
    async addMembers(group, users) {
      const ids = [...new Set(users.map((u) => u.remoteId))];
      if (ids.length === 0) return;
      if (!(await patchSupported()))
        return putMembers(group, (set) => {
          for (const id of ids) set.add(id);
        });
      for (const batch of chunk(ids, config.maxMembersPerPatch))
        await patch('Groups', group.remoteId, [addMembersOp(batch)]);
    },
    async removeMembers(group, users) {
      const ids = [...new Set(users.map((u) => u.remoteId))];
      if (ids.length === 0) return;
      if (!(await patchSupported()))
        return putMembers(group, (set) => {
          for (const id of ids) set.delete(id);
        });
      for (const batch of chunk(ids, config.maxMembersPerPatch))
        await patch('Groups', group.remoteId, batch.map(removeMemberOp));
    },
  };
  return connector;
}
