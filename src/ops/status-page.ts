import type { TargetStatus, TenantStatus } from '../status/index.js';
import { html, type Fragment } from './html.js';
import { connectorTable, when } from './connector-table.js';
import type { Flash, OperatorSession } from './operator-session.js';
import type { QueueStatus } from './queue-status.js';

// GET /ops: one page that says within seconds whether every tenant is in sync. Trouble first:
// a summary line, then queues, then one block per tenant with its connectors and SIEM streams,
// the tenants that need a person (a target not active, dead letters, held deletions) on top.

export interface StatusPageModel {
  operator: OperatorSession;
  queues: QueueStatus[];
  workers: { alive: number; lastBeatAt?: string };
  tenants: TenantStatus[];
  charts: Map<string, Fragment>;
  generatedAt: string;
  /** What the last action did (src/ops/ops-router.ts). */
  flash?: Flash;
}

const stateClass = (state: string) =>
  state === 'active' || state === 'ok' ? 'ok' : state === 'paused' ? 'warn' : 'bad';

function actionButton(csrf: string, action: string, fields: Record<string, string>, label: string): Fragment {
  return html`<form method="post" action="/ops/actions/${action}" class="action">
<input type="hidden" name="csrf" value="${csrf}">${Object.entries(fields).map(
    ([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`,
  )}<button type="submit" data-action="${action}">${label}</button></form>`;
}

function streamRow(m: StatusPageModel, tenantId: string, t: TargetStatus): Fragment {
  const canAct = m.operator.roles.includes('ops:write');
  const ids = { tenant: tenantId, id: t.id };
  const actions =
    canAct && t.state !== 'active' ? actionButton(m.operator.csrf, 'stream-resume', ids, 'Resume') : html``;
  return html`<tr data-target="${t.id}"><td><strong>${t.name}</strong><div class="muted">${t.kind}</div></td>
<td class="${stateClass(t.state)}" data-state>${t.state}${
    t.reason ? html`<div class="muted reason">${t.reason}</div>` : ''
  }</td>
<td>${t.pending ?? 0}</td><td>${t.lagSeconds ?? 0} s</td><td>${t.extra?.failed ?? 0}</td>
<td class="error">${t.lastError ?? html`<span class="muted">none</span>`}</td><td>${when(t.lastSuccessAt)}</td>
<td class="actions">${actions}</td></tr>`;
}

function streamTable(m: StatusPageModel, s: TenantStatus): Fragment {
  if (s.streams.length === 0) return html`<p class="muted">no SIEM streams</p>`;
  return html`<table class="targets" data-table="streams"><tr><th>SIEM stream</th><th>state</th><th>pending</th>
<th>lag</th><th>records refused</th><th>last error</th><th>last delivered</th><th></th></tr>
${s.streams.map((t) => streamRow(m, s.tenantId, t))}</table>`;
}

function connectors(m: StatusPageModel, s: TenantStatus): Fragment {
  const canAct = m.operator.roles.includes('ops:write');
  const button = (action: string, fields: Record<string, string>, label: string) =>
    actionButton(m.operator.csrf, action, fields, label);
  return connectorTable(s.tenantId, s.connectors, canAct ? button : undefined);
}

// A backslash ending a line inside the templates below is a line continuation: html() joins the
// cooked strings, so the page's text has no line break there.
function tenantBlock(m: StatusPageModel, s: TenantStatus): Fragment {
  const id = s.name === s.tenantId ? '' : `${s.tenantId} · `;
  return html`<section class="card" data-tenant="${s.tenantId}">
<h2>${s.name} <span class="muted">${id}${s.plan}</span></h2>
<p>${s.users} users · ${s.groups} groups in Roster · last SCIM write ${when(s.scim.lastWriteAt)} ·
<span class="${s.scim.rejectedLastHour ? 'bad' : 'muted'}">\
${s.scim.rejectedLastHour} rejected SCIM tokens (1 h)</span> ·
SAML ${s.saml.loginsLastDay} logins, <span class="${s.saml.failuresLastDay ? 'bad' : 'muted'}">\
${s.saml.failuresLastDay} failures</span> (24 h)</p>
${m.charts.get(s.tenantId) ?? ''}
<h3>Connectors</h3>${connectors(m, s)}<h3>SIEM streams</h3>${streamTable(m, s)}</section>`;
}

function summary(m: StatusPageModel): Fragment {
  const targets = m.tenants.flatMap((t) => [...t.connectors, ...t.streams]);
  const troubled = targets.filter((t) => t.state !== 'active').length;
  const dead = m.queues.reduce((n, q) => n + q.failed, 0);
  const lag = Math.max(0, ...m.queues.map((q) => q.oldestWaitingSeconds));
  return html`<div class="summary">
<div>tenants<b>${m.tenants.length}</b></div>
<div>workers alive<b class="${m.workers.alive ? 'ok' : 'bad'}">${m.workers.alive}</b></div>
<div>targets not active<b class="${troubled ? 'bad' : 'ok'}" data-summary="troubled">${troubled}</b></div>
<div>dead letters<b class="${dead ? 'bad' : 'ok'}" data-summary="dead">${dead}</b></div>
<div>oldest waiting job<b class="${lag > 300 ? 'bad' : 'ok'}">${lag} s</b></div></div>`;
}

/** How much a tenant needs a person: targets not active, dead letters, held deletions. */
function trouble(s: TenantStatus): number {
  const targets = [...s.connectors, ...s.streams];
  return targets.reduce(
    (n, t) => n + (t.state !== 'active' ? 100 : 0) + (t.deadLetters ?? 0) + (t.sync?.heldDeletes ? 10 : 0),
    0,
  );
}

function flash(m: StatusPageModel): Fragment {
  if (!m.flash) return html``;
  const { ok, message } = m.flash;
  return html`<p class="flash ${ok ? 'flash-ok' : 'flash-bad'}" role="status" data-flash="${ok ? 'ok' : 'refused'}">
${message}</p>`;
}

export function statusPage(m: StatusPageModel): Fragment {
  const at = `${m.generatedAt.slice(0, 10)} ${m.generatedAt.slice(11, 19)} UTC`;
  return html`<h1>Status <span class="muted">at <time datetime="${m.generatedAt}">${at}</time></span></h1>
${flash(m)}${summary(m)}
<h2>Queues <a href="/ops/queues">(open the queue view)</a></h2>
<table><tr><th>queue</th><th>waiting</th><th>active</th><th>delayed</th><th>failed</th>\
<th>completed</th><th>oldest waiting</th></tr>
${m.queues.map(
  (
    q,
  ) => html`<tr data-queue="${q.name}"><td>${q.name}</td><td>${q.waiting}</td><td>${q.active}</td><td>${q.delayed}</td>
<td class="${q.failed ? 'bad' : ''}">${q.failed}</td><td>${q.completed}</td><td>${q.oldestWaitingSeconds} s</td></tr>`,
)}</table>
${[...m.tenants].sort((a, b) => trouble(b) - trouble(a)).map((t) => tenantBlock(m, t))}`;
}
