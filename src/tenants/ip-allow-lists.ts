import { BlockList, isIP } from 'node:net';
import type { Actor } from '../audit/index.js';
import { nowIso, type DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';
import type { Update } from '../store/index.js';
import type { TenantDoc } from './types.js';

// Per-tenant IP allow-lists (design 001): CIDR ranges, IPv4 and IPv6, one optional list for each
// surface a tenant's callers reach. No list: every address. A list: only its ranges. Matching is
// node:net's BlockList, which also matches IPv4-mapped IPv6 addresses (::ffff:10.0.0.1, what a
// dual-stack listener reports for an IPv4 client) against IPv4 ranges.

export const IP_SURFACES = ['scim', 'api', 'saml'] as const;
export type IpSurface = (typeof IP_SURFACES)[number];
export type IpAllowLists = Partial<Record<IpSurface, string[]>>;

const MAX_ENTRIES = 200;

function invalid(detail: string): never {
  throw new RosterError('invalid_input', detail);
}

/** "10.0.0.0/8", "2001:db8::/32" or a bare address (a /32 or /128), in canonical spelling. */
export function normalizeCidr(entry: string): string {
  const [address, prefixText, ...rest] = entry.trim().split('/');
  const family = isIP(address ?? '');
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!family || rest.length || !(prefix >= 0 && prefix <= max))
    invalid(`${JSON.stringify(entry)} is not an IPv4 or IPv6 address or CIDR range (10.0.0.0/8, 2001:db8::/32)`);
  return `${address.toLowerCase()}/${prefix}`;
}

/** Checks every list; `[]` or null clears one surface's list (every address allowed again). */
export function normalizeAllowLists(input: Record<string, unknown>): Record<IpSurface, string[] | null> {
  const unknown = Object.keys(input).filter((k) => !IP_SURFACES.includes(k as IpSurface));
  if (unknown.length) invalid(`unknown surface ${unknown.join(', ')}; the surfaces are ${IP_SURFACES.join(', ')}`);
  const out = {} as Record<IpSurface, string[] | null>;
  for (const surface of IP_SURFACES) {
    const list = input[surface];
    if (list === undefined) continue;
    if (list === null) out[surface] = null;
    else if (!Array.isArray(list) || !list.every((e) => typeof e === 'string') || list.length > MAX_ENTRIES)
      invalid(`${surface} must be a list of at most ${MAX_ENTRIES} CIDR ranges`);
    else out[surface] = list.length ? [...new Set(list.map(normalizeCidr))] : null;
  }
  return out;
}

export type AddressCheck = (ip: string | undefined) => boolean;

export function compileAllowList(cidrs: readonly string[]): AddressCheck {
  const ranges = new BlockList();
  for (const cidr of cidrs) {
    const [address, prefix] = cidr.split('/');
    ranges.addSubnet(address, Number(prefix), isIP(address) === 4 ? 'ipv4' : 'ipv6');
  }
  return (ip) => {
    const family = isIP(ip ?? '');
    return family !== 0 && ranges.check(ip!, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/** Sets (or, with [] / null, clears) the lists named in `lists`; the others stay as they are. */
export async function setIpAllowLists(
  deps: DomainDeps,
  input: { tenantId: string; lists: Record<string, unknown>; actor: Actor },
): Promise<IpAllowLists> {
  const lists = normalizeAllowLists(input.lists);
  const $set: Record<string, unknown> = { updatedAt: nowIso(deps) };
  const $unset: Record<string, ''> = {};
  for (const [surface, list] of Object.entries(lists)) {
    if (list) $set[`ipAllowLists.${surface}`] = list;
    else $unset[`ipAllowLists.${surface}`] = '';
  }
  return deps.store.withTransaction(async (tx) => {
    const update: Update = Object.keys($unset).length ? { $set, $unset } : { $set };
    const updated = await tx.collection<TenantDoc>('tenants').findOneAndUpdate({ _id: input.tenantId }, update);
    if (!updated) throw new RosterError('tenant_not_found', `tenant "${input.tenantId}" does not exist`);
    const result = updated.ipAllowLists ?? {};
    await deps.recorder.record(tx, input.tenantId, {
      events: [{ type: 'tenant.ip_allow_lists_set', subject: input.tenantId, payload: { ipAllowLists: result } }],
      audit: [
        {
          action: 'tenant.ip_allow_lists_set',
          actor: input.actor,
          target: { type: 'tenant', id: input.tenantId },
          outcome: 'success',
          details: { ipAllowLists: result },
        },
      ],
    });
    return result;
  });
}
