// The one contract between the sync engine and a downstream target. The engine decides *what*
// to do (diffing against syncState); a connector only knows *how* to do one thing on one target.
// Every method either resolves or throws a ConnectorError (workers/sync/connectors/errors.ts),
// whose `class` tells the engine whether to wait, retry, quarantine or give up.

export interface DesiredUser {
  /** Roster's user id. */
  id: string;
  userName: string;
  externalId?: string;
  email?: string;
  givenName?: string;
  familyName?: string;
  displayName?: string;
  active: boolean;
  /** Roster roles of the user; targets that know one role per member use the first. */
  roles?: string[];
}

export interface DesiredGroup {
  /** Roster's group id. */
  id: string;
  displayName: string;
  externalId?: string;
}

export interface RemoteRef {
  /** The target's id for the object (SCIM id, GitHub login or team slug, REST id, Roster id for webhooks). */
  remoteId: string;
  /** Target-side state worth following, e.g. GitHub's 'pending' | 'active' org membership. */
  state?: string;
}

/** Per-call context from the engine. */
export interface OperationContext {
  /** A stable id for this change (outbox event id or job id); webhooks use it as CloudEvents `id`. */
  eventId?: string;
}

export interface Connector {
  readonly kind: string;
  /** Credentials and reachability check; throws a ConnectorError ('auth', 'transient', …). */
  test(): Promise<void>;
  /** Looks an existing remote user up (SCIM: by userName, then externalId); null when absent. */
  findUser(u: DesiredUser): Promise<RemoteRef | null>;
  createUser(u: DesiredUser, ctx?: OperationContext): Promise<RemoteRef>;
  updateUser(ref: RemoteRef, u: DesiredUser, ctx?: OperationContext): Promise<RemoteRef>;
  deactivateUser(ref: RemoteRef, u: DesiredUser, ctx?: OperationContext): Promise<void>;
  /** Removes the user; a target answering 404 counts as done. */
  deleteUser(ref: RemoteRef, u: DesiredUser, ctx?: OperationContext): Promise<void>;
  findGroup(g: DesiredGroup): Promise<RemoteRef | null>;
  createGroup(g: DesiredGroup, ctx?: OperationContext): Promise<RemoteRef>;
  /** Renames; returns the ref because some targets derive the id from the name (GitHub team slugs). */
  updateGroup(ref: RemoteRef, g: DesiredGroup, ctx?: OperationContext): Promise<RemoteRef>;
  deleteGroup(ref: RemoteRef, g: DesiredGroup, ctx?: OperationContext): Promise<void>;
  /** Adds members, batched as the target allows; adding a present member is not an error. */
  addMembers(group: RemoteRef, users: RemoteRef[], ctx?: OperationContext): Promise<void>;
  /** Removes members; removing an absent member is not an error. */
  removeMembers(group: RemoteRef, users: RemoteRef[], ctx?: OperationContext): Promise<void>;
  close?(): Promise<void>;
}

/** What every connector factory gets from the engine besides its own config. */
export interface ConnectorDeps {
  tenantId: string;
  /** The connector instance's id within the tenant. */
  connectorId: string;
  /** Clock, for tests of Retry-After dates and token expiry. Defaults to Date.now. */
  now?: () => number;
}
