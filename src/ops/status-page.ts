import type { TargetStatus, TenantStatus } from '../status/index.js';
import { html, type Fragment } from './html.js';
import type { OperatorSession } from './operator-session.js';
import type { QueueStatus } from './queue-status.js';

// GET /ops: one page that says within seconds whether every tenant is in sync. Trouble first:
// a summary line, then queues, then one block per tenant with its connectors and SIEM streams.

export interface StatusPageModel {
  operator: OperatorSession;
  queues: QueueStatus[];
  workers: { alive: number; lastBeatAt?: string };
  tenants: TenantStatus[];
  charts: Map<string, Fragment>;
  generatedAt: string;
}

const stateClass = (state: string) =>
  state === 'active' || state === 'ok' ? 'ok' : state === 'paused' ? 'warn' : 'bad';

function actionButton(csrf: string, action: string, fields: Record<string, string>, label: string): Fragment {
  return html`<form method="post" action="/ops/actions/${action}" style="display:inline">
<input type="hidden" name="csrf" value="${csrf}">${Object.entries(fields).map(
    ([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`,
  )}<button type="submit" data-action="${action}">${label}</button></form>`;
}

function targetRow(m: StatusPageModel, tenantId: string, t: TargetStatus, kind: 'connector' | 'stream'): Fragment {
  const canAct = m.operator.roles.includes('ops:write');
  const ids = { tenant: tenantId, id: t.id };
  const actions = !canAct
    ? html``
    : kind === 'connector'
      ? html`${t.state === 'quarantined' || t.state === 'paused' ? actionButton(m.operator.csrf, 'connector-resume', ids, 'Resume') : ''}
${t.deadLetters ? actionButton(m.operator.csrf, 'connector-retry', ids, 'Retry dead letters') : ''}
${t.extra?.heldDeletes ? actionButton(m.operator.csrf, 'connector-approve-deletes', ids, 'Approve held deletions') : ''}
${actionButton(m.operator.csrf, 'connector-full-sync', ids, 'Full resync')}`
      : html`${t.state !== 'active' ? actionButton(m.operator.csrf, 'stream-resume', ids, 'Resume') : ''}`;
  return html`<tr data-target="${t.id}"><td>${t.name}<div class="muted">${t.kind}</div></td>
<td class="${stateClass(t.state)}" data-state>${t.state}${t.reason ? html`<div class="muted">${t.reason}</div>` : ''}</td>
<td>${t.pending ?? 0}</td><td>${t.lagSeconds ?? 0} s</td><td>${t.failedLastHour ?? 0}</td>
<td>${t.deadLetters ?? 0}</td><td>${t.lastError ?? ''}</td><td>${t.lastSuccessAt ?? 'never'}</td><td>${actions}</td></tr>`;
}

function targetTable(m: StatusPageModel, s: TenantStatus, kind: 'connector' | 'stream'): Fragment {
  const rows = kind === 'connector' ? s.connectors : s.streams;
  if (rows.length === 0) return html`<p class="muted">no ${kind === 'connector' ? 'connectors' : 'SIEM streams'}</p>`;
  return html`<table><tr><th>${kind === 'connector' ? 'connector' : 'SIEM stream'}</th><th>state</th><th>pending</th>
<th>lag</th><th>failed (1 h)</th><th>dead letters</th><th>last error</th><th>last success</th><th></th></tr>
${rows.map((t) => targetRow(m, s.tenantId, t, kind))}</table>`;
}

function tenantBlock(m: StatusPageModel, s: TenantStatus): Fragment {
  return html`<section class="card" data-tenant="${s.tenantId}"><h2>${s.name} <span class="muted">${s.tenantId} · ${s.plan}</span></h2>
<p>${s.users} users · ${s.groups} groups in Roster · last SCIM write ${s.scim.lastWriteAt ?? 'never'} ·
<span class="${s.scim.rejectedLastHour ? 'bad' : 'muted'}">${s.scim.rejectedLastHour} rejected SCIM tokens (1 h)</span> ·
SAML ${s.saml.loginsLastDay} logins, <span class="${s.saml.failuresLastDay ? 'bad' : 'muted'}">${s.saml.failuresLastDay} failures</span> (24 h)</p>
${m.charts.get(s.tenantId) ?? ''}
${targetTable(m, s, 'connector')}${targetTable(m, s, 'stream')}</section>`;
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

export function statusPage(m: StatusPageModel): Fragment {
  return html`<h1>Status <span class="muted">at ${m.generatedAt}</span></h1>${summary(m)}
<h2>Queues <a href="/ops/queues">(open the queue view)</a></h2>
<table><tr><th>queue</th><th>waiting</th><th>active</th><th>delayed</th><th>failed</th><th>completed</th><th>oldest waiting</th></tr>
${m.queues.map(
  (
    q,
  ) => html`<tr data-queue="${q.name}"><td>${q.name}</td><td>${q.waiting}</td><td>${q.active}</td><td>${q.delayed}</td>
<td class="${q.failed ? 'bad' : ''}">${q.failed}</td><td>${q.completed}</td><td>${q.oldestWaitingSeconds} s</td></tr>`,
)}</table>
${m.tenants.map((t) => tenantBlock(m, t))}`;
}
