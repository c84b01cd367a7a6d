import type { Actor } from '../audit/index.js';
import { getTenant } from '../tenants/index.js';
import { nowIso, type DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';
import type { Db } from '../store/index.js';
import { describeCertificate, type CertificateSummary } from './certificates.js';
import {
  CONNECTION_DEFAULTS,
  type IdpConnectionDoc,
  type IdpConnectionFields,
  type IdpConnectionSettings,
} from './connection-types.js';
import { assertDefaultReturnTo } from './connection-validation.js';
import { parseIdpMetadata } from './idp-metadata.js';

// The tenant's IdP connection: created from metadata or by hand, changed field by field, and
// every change written with its event and audit record in one transaction.

export async function findConnection(db: Db, tenantId: string): Promise<IdpConnectionDoc | null> {
  return db.collection<IdpConnectionDoc>('idpConnections').findOne({ _id: tenantId, tenantId });
}

export async function getConnection(deps: Pick<DomainDeps, 'store'>, tenantId: string): Promise<IdpConnectionDoc> {
  const found = await findConnection(deps.store, tenantId);
  if (!found)
    throw new RosterError('saml_connection_not_found', `tenant "${tenantId}" has no SAML identity provider connection`);
  return found;
}

function required(settings: IdpConnectionSettings): void {
  const missing = (['idpEntityId', 'ssoUrl', 'signingCerts'] as const).filter((k) => settings[k] === undefined);
  if (missing.length)
    throw new RosterError('invalid_input', `a new connection needs ${missing.join(', ')} (or the IdP's metadata)`);
}

function build(
  tenantId: string,
  current: IdpConnectionDoc | null,
  settings: IdpConnectionSettings,
  time: string,
): IdpConnectionDoc {
  if (!current) required(settings);
  const base = current ?? {
    ...CONNECTION_DEFAULTS,
    attributeMapping: {},
    returnToAllowList: [],
    createdAt: time,
    version: 0,
  };
  const next = {
    ...base,
    ...settings,
    _id: tenantId,
    tenantId,
    updatedAt: time,
    version: base.version + 1,
  } as IdpConnectionDoc;
  next.defaultReturnTo = assertDefaultReturnTo(next.defaultReturnTo, next.returnToAllowList);
  return next;
}

/** What an event or audit record says about a connection: never whole certificates. */
function summary(doc: IdpConnectionDoc): Record<string, unknown> {
  return {
    idpEntityId: doc.idpEntityId,
    ssoUrl: doc.ssoUrl,
    profile: doc.profile,
    allowIdpInitiated: doc.allowIdpInitiated,
    allowSha1: doc.allowSha1,
    certificates: doc.signingCerts.map((c) => describeCertificate(c).fingerprintSha256),
  };
}

/** Creates the tenant's connection, or changes the fields given (the rest stay as they are). */
export async function saveConnection(
  deps: DomainDeps,
  input: { tenantId: string; settings: IdpConnectionSettings; actor: Actor },
): Promise<IdpConnectionDoc> {
  await getTenant(deps, input.tenantId);
  return deps.store.withTransaction(async (tx) => {
    const current = await findConnection(tx, input.tenantId);
    const next = build(input.tenantId, current, input.settings, nowIso(deps));
    await tx.collection<IdpConnectionDoc>('idpConnections').replaceOne({ _id: input.tenantId }, next, { upsert: true });
    const action = current ? 'idp_connection.updated' : 'idp_connection.created';
    await deps.recorder.record(tx, input.tenantId, {
      events: [{ type: action, subject: input.tenantId, payload: summary(next) }],
      audit: [
        {
          action,
          actor: input.actor,
          target: { type: 'idp_connection', id: input.tenantId },
          outcome: 'success',
          details: summary(next),
        },
      ],
    });
    return next;
  });
}

/** Metadata gives entityID, SSO endpoint and certificates; `settings` may set the rest. */
export async function importConnectionMetadata(
  deps: DomainDeps,
  input: { tenantId: string; metadataXml: string; settings?: IdpConnectionSettings; actor: Actor },
): Promise<IdpConnectionDoc> {
  const imported = parseIdpMetadata(input.metadataXml);
  return saveConnection(deps, {
    tenantId: input.tenantId,
    settings: { ...input.settings, ...imported },
    actor: input.actor,
  });
}

export async function deleteConnection(deps: DomainDeps, input: { tenantId: string; actor: Actor }): Promise<void> {
  await deps.store.withTransaction(async (tx) => {
    const removed = await tx.collection('idpConnections').deleteOne({ _id: input.tenantId, tenantId: input.tenantId });
    if (!removed)
      throw new RosterError(
        'saml_connection_not_found',
        `tenant "${input.tenantId}" has no SAML identity provider connection`,
      );
    await deps.recorder.record(tx, input.tenantId, {
      events: [{ type: 'idp_connection.deleted', subject: input.tenantId }],
      audit: [
        {
          action: 'idp_connection.deleted',
          actor: input.actor,
          target: { type: 'idp_connection', id: input.tenantId },
          outcome: 'success',
        },
      ],
    });
  });
}

/** The stored connection without its internal `_id`, certificates described for people. */
export type ConnectionView = Omit<IdpConnectionFields, 'signingCerts'> & {
  signingCerts: Array<CertificateSummary & { certificate: string }>;
};

/** The connection as the admin API and CLI show it: certificates with fingerprints and expiry. */
export function viewConnection(doc: IdpConnectionDoc): ConnectionView {
  const { _id: _internal, signingCerts, ...rest } = doc;
  return { ...rest, signingCerts: signingCerts.map((c) => ({ ...describeCertificate(c), certificate: c })) };
}
