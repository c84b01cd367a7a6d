import {
  findGroups,
  findUsers,
  getGroup,
  getUser,
  type GroupDoc,
  type Page,
  type PageOptions,
  type UserDoc,
} from '../people/index.js';
import type { Db, Filter } from '../store/index.js';
import type { ScimRequestContext } from './auth.js';
import { project, shows, type Projection } from './resources/projection.js';
import { groupRefsOfUsers, memberRefsOfGroups } from '../people/index.js';
import type { RelatedRef } from '../people/index.js';
import { groupToScim, userToScim, type ScimResource } from './resources/scim-output.js';
import { GROUP_STORAGE, USER_STORAGE, type StorageMap } from './resources/storage-map.js';

// What the read endpoints need to know about a resource type, so /Users and /Groups share one
// list, search and get implementation.

export interface ResourceKind<D extends { _id: string; version: number }> {
  map: StorageMap;
  /** The derived multi-valued attribute read from memberships. */
  relation: 'groups' | 'members';
  get(db: Db, tenantId: string, id: string): Promise<D>;
  find(db: Db, tenantId: string, filter: Filter, options: PageOptions): Promise<Page<D>>;
  refs(db: Db, tenantId: string, ids: string[]): Promise<Map<string, RelatedRef[]>>;
  render(baseUrl: string, doc: D, refs: RelatedRef[] | undefined): ScimResource;
}

export const USERS: ResourceKind<UserDoc> = {
  map: USER_STORAGE,
  relation: 'groups',
  get: getUser,
  find: findUsers,
  refs: groupRefsOfUsers,
  render: (baseUrl, doc, refs) => userToScim(baseUrl, doc, refs),
};

export const GROUPS: ResourceKind<GroupDoc> = {
  map: GROUP_STORAGE,
  relation: 'members',
  get: getGroup,
  find: findGroups,
  refs: memberRefsOfGroups,
  render: (baseUrl, doc, refs) => groupToScim(baseUrl, doc, refs ?? undefined),
};

/**
 * Renders documents as the projection asks. The memberships behind `groups` / `members` are read
 * only when the response shows them: GET /Groups?excludedAttributes=members reads none.
 */
export async function renderAll<D extends { _id: string; version: number }>(
  kind: ResourceKind<D>,
  db: Db,
  ctx: ScimRequestContext,
  docs: D[],
  projection: Projection,
): Promise<ScimResource[]> {
  const refs =
    shows(projection, kind.relation) && docs.length
      ? await kind.refs(
          db,
          ctx.tenantId,
          docs.map((d) => d._id),
        )
      : undefined;
  return docs.map((doc) =>
    project(kind.render(ctx.baseUrl, doc, refs ? (refs.get(doc._id) ?? []) : undefined), projection),
  );
}
