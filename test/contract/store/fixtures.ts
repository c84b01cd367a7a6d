import type { BaseDoc } from '../../../src/store/index.js';

export interface UserDoc extends BaseDoc {
  tenantId: string;
  userName: string;
  userNameLower: string;
  externalId?: string;
  active?: boolean;
  loginCount?: number;
  name?: { givenName: string; familyName: string };
  emails?: { value: string; type: string; primary?: boolean }[];
  tags?: string[];
  createdAt?: Date;
}

/** A user in tenant t1 unless told otherwise; `_id` and names derive from `userName`. */
export function user(userName: string, fields: Partial<UserDoc> = {}): UserDoc {
  const tenantId = fields.tenantId ?? 't1';
  return {
    _id: `${tenantId}:${userName.toLowerCase()}`,
    tenantId,
    userName,
    userNameLower: userName.toLowerCase(),
    ...fields,
  };
}
