import type { PolicyDefinition } from '../../src/rbac/index.js';
import { API_PLATFORM } from './api-platform.js';
import { GROUP_BASED } from './group-based.js';
import { ORG_HIERARCHY } from './org-hierarchy.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

// Role presets a tenant starts from, one per reference design in docs/rbac.md.
// Frozen: a tenant's copy lives in the store, never in these objects.
export const ROLE_PRESETS = deepFreeze({
  'api-platform': API_PLATFORM, // design 000
  'org-hierarchy': ORG_HIERARCHY, // design 001
  'group-based': GROUP_BASED, // design 002
} satisfies Record<string, PolicyDefinition>);

export type PresetName = keyof typeof ROLE_PRESETS;
export const PRESET_NAMES = Object.keys(ROLE_PRESETS) as PresetName[];
export const DEFAULT_PRESET: PresetName = 'api-platform';

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(ROLE_PRESETS, name);
}
