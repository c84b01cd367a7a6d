import { MODEL_TIERS } from '../../config/models.js';
import { loadPolicy } from '../access/index.js';
import type { UserDoc } from '../people/index.js';
import { accessibleIds, BUILT_IN_KINDS, checkerOf, memberOf, subjectFromStored, usableModels } from '../rbac/index.js';
import type { Store } from '../store/index.js';
import type { DecisionSubject } from './decide.js';
import { createRequestReads, type RequestReads } from '../access/index.js';

/** Design 002's "my capabilities" answer, plus roles, permissions and usable models (design 000). */
export interface Capabilities {
  user: { id: string; userName: string; email: string | null; displayName?: string; active: boolean };
  agents: string[];
  tools: string[];
  workflows: string[];
  groups: string[];
  roles: string[];
  permissions: string[];
  models: string[];
  /** Tenant-declared kinds beyond agent, tool and workflow: kind → accessible ids. */
  resources: Record<string, string[]>;
}

/** Through a key, the intersection of the user's permissions and the key's scope (either may be the wider wildcard). */
function permissionsOf(subject: DecisionSubject): string[] {
  const candidates = new Set([...(subject.user.effectivePermissions ?? []), ...(subject.keyPermissions ?? [])]);
  return [...candidates].filter((p) => subject.check(p).allow).sort();
}

export async function capabilitiesOf(
  store: Store,
  reads: RequestReads,
  subject: DecisionSubject,
): Promise<Capabilities> {
  const { user } = subject;
  const active = user.active !== false;
  const [policy, groups, tenant] = await Promise.all([
    loadPolicy(store, reads.tenantId),
    reads.groups(user._id),
    reads.tenant(),
  ]);
  const names = memberOf(groups);
  const ids = (kind: string) => (active ? accessibleIds(policy.acls, names, kind, subject.check) : []);
  const declared = [...policy.acls.kinds].filter((k) => !(BUILT_IN_KINDS as readonly string[]).includes(k));
  return {
    user: {
      id: user._id,
      userName: user.userName,
      // Design 002 "my capabilities": the primary (else first) email, null when the IdP sent none.
      email: (user.emails?.find((e) => e.primary) ?? user.emails?.[0])?.value ?? null,
      ...(user.displayName ? { displayName: user.displayName } : {}),
      active,
    },
    agents: ids('agent'),
    tools: ids('tool'),
    workflows: ids('workflow'),
    groups: groups.map((g) => g.displayName).sort(),
    roles: [...(user.effectiveRoles ?? [])],
    permissions: permissionsOf(subject),
    models: active
      ? usableModels(subject.check, {
          tiers: MODEL_TIERS,
          tenantAllowedModels: tenant.settings.allowedModels,
          keyAllowedModels: subject.keyAllowedModels,
        })
      : [],
    resources: Object.fromEntries(declared.map((k) => [k, ids(k)])),
  };
}

/** A user's capabilities without an HTTP caller (e.g. the SAML session view). */
export async function capabilitiesForUser(store: Store, tenantId: string, user: UserDoc): Promise<Capabilities> {
  return capabilitiesOf(store, createRequestReads(store, tenantId), {
    user,
    check: checkerOf(subjectFromStored(user)),
  });
}
