// Adding, changing and removing a tenant's SIEM streams; each change commits with its audit record
// and domain event. A new stream starts at the tenant's current sequence: it ships what commits
// from now on (`replay` sends the past).
import type { Actor } from '../audit/index.js';
import { newId, nowIso } from '../domain/index.js';
import { RosterError, isRosterError } from '../errors/index.js';
import type { Db } from '../store/index.js';
import { getTenant } from '../tenants/index.js';
import {
  kindDefinition,
  mergeConfig,
  openSecrets,
  sealConfig,
  validateCategories,
  validateConfig,
} from './stream-config.js';
import {
  DEFAULT_BATCH,
  addStreamSchema,
  checked,
  resolveBatch,
  updateStreamSchema,
  type AddStreamInput,
  type UpdateStreamInput,
} from './stream-input.js';
import { getStream, recordChange, streams, type SiemStreamDeps } from './stream-records.js';
import type { SiemStreamDoc } from './types.js';

/** The tenant's last used sequence number (src/audit/recorder.ts keeps it in `sequences`). */
export async function currentSequence(db: Db, tenantId: string): Promise<number> {
  const counter = await db.collection<{ _id: string; value: number }>('sequences').findOne({ _id: tenantId });
  return counter?.value ?? 0;
}

function uniqueName(err: unknown, tenantId: string, name: string): unknown {
  if (isRosterError(err) && err.code === 'store_unique_violation')
    return new RosterError('siem_stream_exists', `tenant "${tenantId}" already has a SIEM stream named "${name}"`);
  return err;
}

export async function addStream(
  deps: SiemStreamDeps,
  input: { tenantId: string; actor: Actor } & AddStreamInput,
): Promise<SiemStreamDoc> {
  const fields = checked(addStreamSchema, {
    name: input.name,
    kind: input.kind,
    config: input.config,
    categories: input.categories,
    batch: input.batch,
  });
  await getTenant(deps, input.tenantId);
  const definition = kindDefinition(deps.kinds, fields.kind);
  const whole = validateConfig(deps.kinds, fields.kind, fields.config);
  const categories = validateCategories(deps.kinds, fields.categories ?? []);
  const box = await deps.secretBox();
  const id = newId();
  const time = nowIso(deps);
  return deps.store
    .withTransaction(async (tx) => {
      const doc: SiemStreamDoc = {
        _id: id,
        tenantId: input.tenantId,
        name: fields.name,
        kind: fields.kind,
        ...sealConfig(box, definition, whole, { tenantId: input.tenantId, streamId: id }),
        categories,
        batch: resolveBatch(DEFAULT_BATCH, fields.batch),
        state: 'active',
        stateSince: time,
        cursor: await currentSequence(tx, input.tenantId),
        cursorEpoch: 0,
        counters: { shipped: 0, failed: 0, consecutiveFailures: 0 },
        version: 1,
        createdAt: time,
        updatedAt: time,
      };
      await streams(tx).insertOne(doc);
      await recordChange(tx, deps, doc, { action: 'siem_stream.created', actor: input.actor });
      return doc;
    })
    .catch((err) => {
      throw uniqueName(err, input.tenantId, fields.name);
    });
}

export async function updateStream(
  deps: SiemStreamDeps,
  input: { tenantId: string; stream: string; actor: Actor; changes: UpdateStreamInput },
): Promise<SiemStreamDoc> {
  const changes = checked(updateStreamSchema, input.changes);
  const current = await getStream(deps, input.tenantId, input.stream);
  const next: SiemStreamDoc = {
    ...current,
    name: changes.name ?? current.name,
    categories: changes.categories ? validateCategories(deps.kinds, changes.categories) : current.categories,
    batch: resolveBatch(current.batch, changes.batch),
    version: current.version + 1,
    updatedAt: nowIso(deps),
  };
  if (changes.config) {
    const box = await deps.secretBox();
    const definition = kindDefinition(deps.kinds, current.kind);
    const merged = mergeConfig(current.config, openSecrets(box, current), changes.config, definition.secretFields);
    const whole = validateConfig(deps.kinds, current.kind, merged);
    delete next.secrets;
    Object.assign(next, sealConfig(box, definition, whole, { tenantId: current.tenantId, streamId: current._id }));
  }
  const changed = Object.keys(changes).filter((k) => changes[k as keyof UpdateStreamInput] !== undefined);
  return deps.store
    .withTransaction(async (tx) => {
      // Only the settings: the worker owns the cursor and counters and may be moving them now.
      const { _id, tenantId, cursor, counters, cursorEpoch, state, stateReason, stateSince, ...settings } = next;
      await streams(tx).updateOne(
        { _id: current._id, tenantId: current.tenantId },
        { $set: settings, ...(next.secrets ? {} : { $unset: { secrets: '' } }) },
      );
      await recordChange(tx, deps, next, { action: 'siem_stream.updated', actor: input.actor, details: { changed } });
      return next;
    })
    .catch((err) => {
      throw uniqueName(err, input.tenantId, next.name);
    });
}

export async function removeStream(
  deps: SiemStreamDeps,
  input: { tenantId: string; stream: string; actor: Actor },
): Promise<void> {
  const current = await getStream(deps, input.tenantId, input.stream);
  await deps.store.withTransaction(async (tx) => {
    await streams(tx).deleteOne({ _id: current._id, tenantId: current.tenantId });
    await recordChange(tx, deps, current, { action: 'siem_stream.removed', actor: input.actor });
  });
}
