import type { AclEntry, MappingRule, PolicyDefinition, RoleDefinition } from '../src/rbac/index.js';

// The benchmark's synthetic tenant: 10,000 users, 200 groups, 50 roles in
// four inheritance levels, 1,000 ACL entries. A seeded generator makes every run the same data.

export const SIZES = { users: 10_000, groups: 200, roles: 50, acls: 1_000, groupsPerUser: 3 } as const;

export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

/** Levels of 20, 15, 10 and 5 roles; each role above level 0 inherits two roles of the level below. */
function roles(rnd: () => number): RoleDefinition[] {
  const sizes = [20, 15, 10, 5];
  const defs: RoleDefinition[] = [];
  let below: string[] = [];
  sizes.forEach((size, level) => {
    const names = Array.from({ length: size }, (_, i) => `l${level}-role-${i}`);
    for (const name of names) {
      const own = Array.from(
        { length: 4 },
        (_, j) => `res${Math.floor(rnd() * 40)}:act${j}${level ? `:q${level}` : ''}`,
      );
      if (rnd() < 0.1) own.push(`res${Math.floor(rnd() * 40)}:*`);
      defs.push({
        name,
        permissions: own,
        inherits: level ? [pick(rnd, below), pick(rnd, below)].filter((v, i, a) => a.indexOf(v) === i) : [],
      });
    }
    below = names;
  });
  return defs;
}

export const groupName = (i: number) => `group-${String(i).padStart(3, '0')}`;

export interface BenchData {
  policy: PolicyDefinition;
  /** userIndex → group indexes */
  memberships: number[][];
  /** userIndex → denied permissions */
  denied: string[][];
  /** Permissions to ask about: a mix of granted, wildcard-covered and ungranted. */
  questions: string[];
}

export function generate(seed = 42): BenchData {
  const rnd = random(seed);
  const defs = roles(rnd);
  const rules: MappingRule[] = Array.from({ length: SIZES.groups }, (_, i) => ({
    group: groupName(i),
    role: defs[i % defs.length].name,
  }));
  const kinds = ['agent', 'tool', 'workflow'];
  const entries: AclEntry[] = Array.from({ length: SIZES.acls }, (_, i) => ({
    kind: kinds[i % 3],
    resourceId: `res-${i}`,
    groups:
      rnd() < 0.1 ? [] : [groupName(Math.floor(rnd() * SIZES.groups)), groupName(Math.floor(rnd() * SIZES.groups))],
  }));
  const memberships = Array.from({ length: SIZES.users }, () =>
    Array.from({ length: SIZES.groupsPerUser }, () => Math.floor(rnd() * SIZES.groups)),
  );
  const denied = Array.from({ length: SIZES.users }, () => (rnd() < 0.1 ? [`res${Math.floor(rnd() * 40)}:act0`] : []));
  const questions = Array.from(
    { length: 4096 },
    () =>
      `res${Math.floor(rnd() * 40)}:act${Math.floor(rnd() * 5)}${rnd() < 0.5 ? `:q${1 + Math.floor(rnd() * 3)}` : ''}`,
  );
  return {
    policy: {
      roles: defs,
      mapping: { strategy: 'union', defaultRole: null, rules },
      acl: { adminGroups: [groupName(0)], kinds: [], entries },
    },
    memberships,
    denied,
    questions,
  };
}
