import type { Recorder } from '../audit/index.js';
import type { Store } from '../store/index.js';
import { compileAllowList, type AddressCheck, type IpSurface } from './ip-allow-lists.js';
import type { TenantDoc } from './types.js';

// The check every SCIM, admin/authorization API and SAML login request passes. A tenant's
// compiled lists are reused for `ttlMs` (default 1 s), so the check costs a store read per tenant
// per second, not per request; a change reaches every process within that time.

export interface IpRequest {
  tenantId: string;
  surface: IpSurface;
  /** Express req.ip: the socket's address, or X-Forwarded-For's under ROSTER_TRUST_PROXY. */
  ip: string | undefined;
  requestId?: string;
  path?: string;
}

export interface IpGate {
  /** True when allowed; a refusal is audited (access.ip_refused, one record per address × minute). */
  allows(request: IpRequest): Promise<boolean>;
  clear(): void;
}

type Compiled = Partial<Record<IpSurface, AddressCheck>>;
const MAX_TENANTS = 10_000;
const AUDIT_WINDOW_MS = 60_000;

export function createIpGate(deps: { store: Store; recorder: Recorder; ttlMs?: number; now?: () => Date }): IpGate {
  const ttlMs = deps.ttlMs ?? 1000;
  const now = deps.now ?? (() => new Date());
  const cache = new Map<string, { at: number; lists: Promise<Compiled> }>();

  async function load(tenantId: string): Promise<Compiled> {
    const tenant = await deps.store
      .collection<TenantDoc>('tenants')
      .findOne({ _id: tenantId }, { projection: { ipAllowLists: 1 } });
    return Object.fromEntries(
      Object.entries(tenant?.ipAllowLists ?? {}).map(([surface, cidrs]) => [surface, compileAllowList(cidrs ?? [])]),
    );
  }

  function listsOf(tenantId: string): Promise<Compiled> {
    const at = now().getTime();
    const hit = cache.get(tenantId);
    if (hit && at - hit.at < ttlMs) return hit.lists;
    if (cache.size >= MAX_TENANTS) cache.delete(cache.keys().next().value!);
    const lists = load(tenantId);
    cache.set(tenantId, { at, lists });
    lists.catch(() => cache.delete(tenantId));
    return lists;
  }

  async function audit(request: IpRequest): Promise<void> {
    const address = request.ip ?? 'unknown';
    await deps.recorder.recordRepeated(
      deps.store,
      request.tenantId,
      [
        {
          entry: {
            action: 'access.ip_refused',
            actor: { type: 'anonymous', id: address },
            target: { type: 'surface', id: request.surface },
            outcome: 'denied',
            reason: `denied: ${address} is not on the ${request.surface} IP allow-list`,
            sourceIp: address,
            ...(request.requestId ? { requestId: request.requestId } : {}),
            ...(request.path ? { details: { path: request.path } } : {}),
          },
          key: `${request.surface}\0${address}`,
        },
      ],
      AUDIT_WINDOW_MS,
    );
  }

  return {
    async allows(request) {
      if (ttlMs === 0) cache.clear();
      const check = (await listsOf(request.tenantId))[request.surface];
      if (!check || check(request.ip)) return true;
      await audit(request);
      return false;
    },
    clear: () => cache.clear(),
  };
}
