import type { BaseDoc } from '../store/index.js';

import type { IpAllowLists } from './ip-allow-lists.js';

// A tenant is one customer organization; its settings are design 000's plan defaults (docs/rbac.md).

export type Plan = 'free' | 'pro' | 'enterprise';

export interface TenantSettings {
  allowedModels: string[];
  maxRequestsPerDay: number;
  requireApproval: boolean;
}

export interface TenantDoc extends BaseDoc {
  /** The slug: lowercase letters, digits and dashes; used in every tenant URL. */
  _id: string;
  name: string;
  plan: Plan;
  settings: TenantSettings;
  /** CIDR ranges each surface accepts calls from; a surface without a list accepts any address. */
  ipAllowLists?: IpAllowLists;
  createdAt: string;
  updatedAt: string;
}
