import { addStreamSchema, replaySchema, updateStreamSchema } from '../siem-streams/index.js';
import { ROSTER_PERMISSIONS as P } from './admin-permissions.js';
import { connectorAddSchema } from './connector-routes.js';
import type { TeamOperation } from './openapi-teams.js';

// /v1/openapi.json entries for the tenant's integrations: downstream sync connectors
// (src/authz/connector-routes.ts), SIEM streams (src/authz/siem-routes.ts) and the SAML IdP
// connection (src/saml/admin-routes.ts, its own router). Secret fields go in on create and
// always come back as "[set]".

const byName = 'The connector, by name or id.';

export const CONNECTOR_OPERATIONS: TeamOperation[] = [
  {
    method: 'get',
    path: '/v1/connectors',
    summary: "The tenant's downstream connectors with state, counts and last full sync (secrets read [set])",
    permission: P.connectorView,
    ok: { status: 200, description: '{connectors: [...]}' },
  },
  {
    method: 'post',
    path: '/v1/connectors',
    summary:
      'Add a connector (kind scim, github, webhook or rest; config per workers/sync/connectors/README.md); ' +
      'its first full sync starts',
    permission: P.connectorManage,
    body: connectorAddSchema,
    ok: { status: 201, description: 'The connector, secrets as [set]' },
  },
  {
    method: 'get',
    path: '/v1/connectors/{name}',
    summary: `A connector with its state (active, paused, quarantined), held deletions and sync counts. ${byName}`,
    permission: P.connectorView,
    params: ['name'],
    ok: { status: 200 },
  },
  {
    method: 'delete',
    path: '/v1/connectors/{name}',
    summary: 'Remove a connector and its sync state (downstream accounts are left as they are)',
    permission: P.connectorManage,
    params: ['name'],
    ok: { status: 204 },
  },
  {
    method: 'post',
    path: '/v1/connectors/{name}/pause',
    summary: 'Stop syncing; changes are caught up by the full sync a resume starts',
    permission: P.connectorManage,
    params: ['name'],
    ok: { status: 200 },
  },
  {
    method: 'post',
    path: '/v1/connectors/{name}/resume',
    summary: 'Sync again (also ends a quarantine); a full sync catches up',
    permission: P.connectorManage,
    params: ['name'],
    ok: { status: 200 },
  },
  {
    method: 'post',
    path: '/v1/connectors/{name}/approve-deletes',
    summary: 'Apply the deprovisions the accidental-deletion guard held (409 connector_nothing_held when none are)',
    permission: P.connectorManage,
    params: ['name'],
    ok: { status: 200, description: '{approved: <count>}' },
  },
  {
    method: 'post',
    path: '/v1/connectors/{name}/retry-failed',
    summary: "Replay the connector's dead-lettered sync jobs",
    permission: P.connectorManage,
    params: ['name'],
    ok: { status: 200, description: '{replayed: <count>}' },
  },
];

export const SIEM_OPERATIONS: TeamOperation[] = [
  {
    method: 'get',
    path: '/v1/siem/streams',
    summary: "The tenant's SIEM streams (secrets read [set])",
    permission: P.siemView,
    ok: { status: 200, description: '{streams: [...]}' },
  },
  {
    method: 'post',
    path: '/v1/siem/streams',
    summary: 'Add a stream (splunk_hec, syslog, elastic_bulk or http_json) of the chosen audit categories',
    permission: P.siemManage,
    body: addStreamSchema,
    ok: { status: 201 },
  },
  {
    method: 'get',
    path: '/v1/siem/streams/{id}',
    summary: 'A stream with its state, cursor and lag in seconds',
    permission: P.siemView,
    params: ['id'],
    ok: { status: 200 },
  },
  {
    method: 'patch',
    path: '/v1/siem/streams/{id}',
    summary: "Change a stream's name, config, categories or batch; secrets not sent are kept",
    permission: P.siemManage,
    params: ['id'],
    body: updateStreamSchema,
    ok: { status: 200 },
  },
  {
    method: 'delete',
    path: '/v1/siem/streams/{id}',
    summary: 'Remove a stream',
    permission: P.siemManage,
    params: ['id'],
    ok: { status: 204 },
  },
  {
    method: 'post',
    path: '/v1/siem/streams/{id}/pause',
    summary: 'Stop shipping; the cursor stays where it is',
    permission: P.siemManage,
    params: ['id'],
    ok: { status: 200 },
  },
  {
    method: 'post',
    path: '/v1/siem/streams/{id}/resume',
    summary: 'Ship again from the cursor',
    permission: P.siemManage,
    params: ['id'],
    ok: { status: 200 },
  },
  {
    method: 'post',
    path: '/v1/siem/streams/{id}/replay',
    summary: 'Move the cursor back to a time or sequence number and ship again from there',
    permission: P.siemManage,
    params: ['id'],
    body: replaySchema,
    ok: { status: 200 },
  },
  {
    method: 'post',
    path: '/v1/siem/streams/{id}/test',
    summary: 'Send a test record to the target and report the outcome',
    permission: P.siemManage,
    params: ['id'],
    ok: { status: 200 },
  },
];

export const SAML_OPERATIONS: TeamOperation[] = [
  {
    method: 'get',
    path: '/v1/saml/connection',
    summary: "The tenant's IdP connection and Roster's service provider endpoints (entity id, ACS, metadata)",
    permission: P.idpRead,
    ok: { status: 200 },
  },
  {
    method: 'put',
    path: '/v1/saml/connection',
    summary: 'Set the IdP connection from JSON settings (idpEntityId, ssoUrl, ssoBinding, signingCerts …)',
    permission: P.idpManage,
    ok: { status: 200 },
  },
  {
    method: 'put',
    path: '/v1/saml/connection/metadata',
    summary: 'Set the IdP connection from IdP metadata XML (application/samlmetadata+xml, application/xml or text/xml)',
    permission: P.idpManage,
    ok: { status: 200 },
  },
  {
    method: 'delete',
    path: '/v1/saml/connection',
    summary: 'Remove the IdP connection',
    permission: P.idpManage,
    ok: { status: 204 },
  },
];
