import type { Actor } from '../audit/index.js';
import type { SecretBox } from '../credentials/index.js';
import { newId, nowIso, type DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';
import { getTenant } from '../tenants/index.js';
import { maskedConfig, sealConfig } from './connector-secrets.js';
import { recordConnector } from './record.js';
import {
  DEFAULT_DELETE_GUARD,
  type ConnectorCatalogue,
  type ConnectorDoc,
  type ConnectorScope,
  type DeleteGuard,
  type DeprovisionMode,
} from './types.js';

// A tenant's downstream connectors: added with a validated, sealed configuration; listed and
// shown without secrets; removed with their sync state. Each change is audited with its event.

export interface ConnectorDeps extends DomainDeps {
  box: SecretBox;
  catalogue: ConnectorCatalogue;
}

export interface AddConnectorInput {
  tenantId: string;
  name: string;
  kind: string;
  config: Record<string, unknown>;
  scope?: ConnectorScope;
  deprovision?: DeprovisionMode;
  deleteGuard?: Partial<DeleteGuard>;
  actor: Actor;
}

function validateConfig(catalogue: ConnectorCatalogue, kind: string, config: unknown) {
  const info = catalogue.kind(kind);
  if (!info)
    throw new RosterError('connector_kind_unknown', `unknown connector kind "${kind}"`, {
      details: { kinds: catalogue.kinds() },
    });
  const result = info.configSchema.safeParse(config);
  if (!result.success) {
    const issues = (result.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message }));
    const summary = issues.map((i) => (i.path ? `config.${i.path}: ${i.message}` : i.message)).join('; ');
    throw new RosterError('invalid_input', summary, { details: { issues } });
  }
  return info;
}

export async function addConnector(deps: ConnectorDeps, input: AddConnectorInput): Promise<ConnectorDoc> {
  await getTenant(deps, input.tenantId);
  const info = validateConfig(deps.catalogue, input.kind, input.config);
  const id = newId();
  const time = nowIso(deps);
  const doc: ConnectorDoc = {
    _id: id,
    tenantId: input.tenantId,
    name: input.name,
    kind: input.kind,
    ...sealConfig(deps.box, { tenantId: input.tenantId, connectorId: id }, input.config, info.secretFields),
    scope: input.scope ?? { type: 'all' },
    deprovision: input.deprovision ?? 'deactivate',
    state: { status: 'active', failures: 0 },
    deleteGuard: { ...DEFAULT_DELETE_GUARD, ...input.deleteGuard },
    createdAt: time,
    updatedAt: time,
    version: 1,
  };
  return deps.store.withTransaction(async (tx) => {
    if (await tx.collection('connectors').findOne({ tenantId: input.tenantId, name: input.name }))
      throw new RosterError('connector_exists', `tenant "${input.tenantId}" already has a connector "${input.name}"`);
    await tx.collection<ConnectorDoc>('connectors').insertOne(doc);
    await recordConnector(deps, tx, doc, 'connector.created', input.actor, {
      scope: doc.scope,
      deprovision: doc.deprovision,
    });
    return doc;
  });
}

export function listConnectors(deps: Pick<DomainDeps, 'store'>, tenantId?: string): Promise<ConnectorDoc[]> {
  return deps.store
    .collection<ConnectorDoc>('connectors')
    .find(tenantId ? { tenantId } : {}, { sort: { tenantId: 1, name: 1 } });
}

/** By id or by name within the tenant. */
export async function getConnector(
  deps: Pick<DomainDeps, 'store'>,
  tenantId: string,
  idOrName: string,
): Promise<ConnectorDoc> {
  const connectors = deps.store.collection<ConnectorDoc>('connectors');
  const found =
    (await connectors.findOne({ tenantId, name: idOrName })) ?? (await connectors.findOne({ tenantId, _id: idOrName }));
  if (!found) throw new RosterError('connector_not_found', `tenant "${tenantId}" has no connector "${idOrName}"`);
  return found;
}

/** By primary key only: the sync engine's per-job read (jobs carry the id, never the name). */
export function findConnectorById(
  deps: Pick<DomainDeps, 'store'>,
  tenantId: string,
  id: string,
): Promise<ConnectorDoc | null> {
  return deps.store.collection<ConnectorDoc>('connectors').findOne({ tenantId, _id: id });
}

export async function removeConnector(
  deps: DomainDeps,
  tenantId: string,
  idOrName: string,
  actor: Actor,
): Promise<ConnectorDoc> {
  const doc = await getConnector(deps, tenantId, idOrName);
  await deps.store.withTransaction(async (tx) => {
    await tx.collection('connectors').deleteOne({ tenantId, _id: doc._id });
    await tx.collection('syncState').deleteMany({ tenantId, connectorId: doc._id });
    await recordConnector(deps, tx, doc, 'connector.removed', actor);
  });
  return doc;
}

export type ConnectorView = Omit<ConnectorDoc, '_id' | 'secrets'> & { id: string };

/** What the admin API and the CLI show: never a secret (each secret field reads "[set]"). */
export function viewConnector(box: SecretBox, doc: ConnectorDoc): ConnectorView {
  const { _id, secrets: _sealed, ...rest } = doc;
  return { id: _id, ...rest, config: maskedConfig(box, doc) };
}
