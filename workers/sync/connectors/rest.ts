import type { Connector, ConnectorDeps, DesiredGroup, DesiredUser, RemoteRef } from '../connector.js';
import { ConnectorError, isConnectorError } from './errors.js';
import { createHttp, expectOk, type HttpClientOptions } from './http.js';
import type { RestConfig, RestOperation } from './rest-config.js';
import { jsonPointer, renderJson, renderUrl, type TemplateContext } from './template.js';

export { restConfigSchema, type RestConfig } from './rest-config.js';

// A generic JSON REST target, driven entirely by request templates (rest-config.ts), for
// downstream apps that have neither SCIM nor a dedicated connector.

type OperationName = keyof RestConfig['operations'];

function userContext(u: DesiredUser, roleMap: Record<string, string>): Record<string, unknown> {
  const roles = u.roles ?? [];
  // With a map, an unmapped role is no role (the template's fallback applies): a target with a
  // fixed set of roles would refuse it.
  if (Object.keys(roleMap).length === 0) return { ...u, role: roles[0] };
  const mapped = Object.keys(roleMap).find((r) => roles.includes(r));
  return { ...u, role: mapped === undefined ? undefined : roleMap[mapped] };
}

export function createRestConnector(config: RestConfig, deps: ConnectorDeps): Connector {
  const options: HttpClientOptions = {
    timeoutMs: config.timeoutMs,
    now: deps.now ?? Date.now,
    secrets: () => (config.auth ? [config.auth.value] : []),
  };
  const http = createHttp(options);
  const base = config.baseUrl.replace(/\/+$/, '');
  const ops = config.operations;

  /** Runs one configured operation; `absentOk` makes a 404 answer undefined. */
  async function run(name: OperationName, context: TemplateContext, absentOk = false): Promise<unknown> {
    const op = ops[name] as RestOperation | undefined;
    if (!op) throw new ConnectorError('permanent', `${name} is not configured for this REST connector`);
    const full = { ...context, vars: config.vars };
    const what = `${op.method} ${name}`;
    const body = op.body === undefined ? undefined : JSON.stringify(renderJson(op.body, full));
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    if (config.auth) headers[config.auth.header.toLowerCase()] = config.auth.value;
    const response = expectOk(
      await http({ method: op.method, url: `${base}${renderUrl(op.path, full)}`, what, headers, body }),
      what,
      options,
      absentOk ? [404] : [],
    );
    if (response.status === 404) return undefined;
    return op.idPointer === undefined ? undefined : jsonPointer(response.json(), op.idPointer);
  }

  function idFrom(value: unknown, name: OperationName): RemoteRef {
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new ConnectorError('permanent', `${name}: no id at ${ops[name]?.idPointer ?? '(no idPointer)'}`);
    return { remoteId: String(value) };
  }

  const user = (u: DesiredUser) => userContext(u, config.roleMap);
  const group = (g: DesiredGroup) => ({ ...g });

  async function find(name: 'findUser' | 'findGroup', context: TemplateContext): Promise<RemoteRef | null> {
    if (!ops[name]) return null;
    const id = await run(name, context, true);
    return id === undefined || id === null ? null : idFrom(id, name);
  }

  /** A 409 means it is there already (a lost answer): adopt it when it can be found. */
  async function createOrAdopt(
    name: 'createUser' | 'createGroup',
    context: TemplateContext,
    findIt: () => Promise<RemoteRef | null>,
  ): Promise<RemoteRef> {
    try {
      return idFrom(await run(name, context), name);
    } catch (error) {
      const existing = isConnectorError(error) && error.status === 409 ? await findIt() : null;
      if (!existing) throw error;
      return existing;
    }
  }

  async function eachMember(
    name: 'addMember' | 'removeMember',
    groupRef: RemoteRef,
    users: RemoteRef[],
  ): Promise<void> {
    for (const memberRef of users) await run(name, { groupRef, memberRef }, name === 'removeMember');
  }

  const connector: Connector = {
    kind: 'rest',
    async test() {
      if (ops.test) await run('test', {});
    },
    findUser: (u) => find('findUser', { user: user(u) }),
    createUser: (u) => createOrAdopt('createUser', { user: user(u) }, () => connector.findUser(u)),
    async updateUser(ref, u) {
      await run('updateUser', { user: user(u), ref });
      return ref;
    },
    async deactivateUser(ref, u) {
      await run(
        ops.deactivateUser ? 'deactivateUser' : 'updateUser',
        { user: user({ ...u, active: false }), ref },
        Boolean(ops.deactivateUser),
      );
    },
    async deleteUser(ref, u) {
      await run('deleteUser', { user: user(u), ref }, true);
    },
    findGroup: (g) => find('findGroup', { group: group(g) }),
    createGroup: (g) => createOrAdopt('createGroup', { group: group(g) }, () => connector.findGroup(g)),
    async updateGroup(ref, g) {
      await run('updateGroup', { group: group(g), ref });
      return ref;
    },
    async deleteGroup(ref, g) {
      await run('deleteGroup', { group: group(g), ref }, true);
    },
    addMembers: (groupRef, users) => eachMember('addMember', groupRef, users),
    removeMembers: (groupRef, users) => eachMember('removeMember', groupRef, users),
  };
  return connector;
}
