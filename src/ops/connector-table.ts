import type { ConnectorSync, TargetStatus } from '../status/index.js';
import { html, type Fragment } from './html.js';

// One tenant's connectors on /ops: is it running, does downstream hold what Roster holds, what
// waits, what failed and what is held for a person — and the button for each of those, shown only
// when it applies: Resume on a connector that is not active (its catch-up full sync re-plans
// the dead letters too), Retry and Full resync on an active one, Approve with held deletions.

export type ButtonMaker = (action: string, fields: Record<string, string>, label: string) => Fragment;

/**
 * A time in a <time> element, short enough for a table cell: `12:31:05 UTC` on the day the page
 * is drawn (UTC), `2026-11-30 12:31 UTC` before; the full instant is its title.
 */
export function when(iso: string | undefined, none = 'never', now = new Date()): Fragment {
  if (!iso) return html`<span class="muted">${none}</span>`;
  const today = iso.slice(0, 10) === now.toISOString().slice(0, 10);
  const text = today ? iso.slice(11, 19) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  return html`<time datetime="${iso}" title="${iso}">${text} UTC</time>`;
}

const stateClass = (state: string) => (state === 'active' ? 'ok' : state === 'paused' ? 'warn' : 'bad');

function stateCell(t: TargetStatus, sync: ConnectorSync | undefined): Fragment {
  return html`<td class="${stateClass(t.state)}" data-state>${t.state}${
    t.reason ? html`<div class="muted reason">${t.reason}</div>` : ''
  }${
    t.state === 'quarantined' && sync?.nextAttemptAt
      ? html`<div class="muted reason">next probe ${when(sync.nextAttemptAt)}</div>`
      : ''
  }</td>`;
}

/** Roster's count beside downstream's; amber when they differ (a scope may explain it). */
function inSync(counts: { roster: number; downstream: number } | undefined, what: string): Fragment {
  if (!counts) return html`<td>–</td>`;
  const differs = counts.roster !== counts.downstream;
  return html`<td data-${what} class="${differs ? 'warn' : ''}" title="${what} in Roster / downstream">
${counts.roster} / ${counts.downstream}</td>`;
}

function lastFullSync(sync: ConnectorSync | undefined): Fragment {
  const run = sync?.lastFullSync;
  if (!run) return html`<td><span class="muted">never</span></td>`;
  const figures = `${run.created} created · ${run.updated} updated · ${run.removed} removed · ${run.failed} failed`;
  const finished = run.finishedAt
    ? when(run.finishedAt)
    : html`<span class="warn">running since ${when(run.startedAt)}</span>`;
  const held = run.held ? ` · ${run.held} held` : '';
  return html`<td data-full-sync>${finished}<div class="muted">${figures}${held}</div></td>`;
}

function buttons(tenantId: string, t: TargetStatus, button: ButtonMaker): Fragment {
  const ids = { tenant: tenantId, id: t.id };
  const held = t.sync?.heldDeletes ?? 0;
  const active = t.state === 'active';
  return html`${active ? '' : button('connector-resume', ids, 'Resume')}${
    active && t.deadLetters ? button('connector-retry', ids, 'Retry dead letters') : ''
  }${held ? button('connector-approve-deletes', ids, `Approve ${held} deletion${held === 1 ? '' : 's'}`) : ''}${
    active ? button('connector-full-sync', ids, 'Full resync') : ''
  }`;
}

function row(tenantId: string, t: TargetStatus, button: ButtonMaker | undefined): Fragment {
  const s = t.sync;
  const held = s?.heldDeletes ?? 0;
  const dead = t.deadLetters ?? 0;
  const lag = t.lagSeconds ?? 0;
  const heldSince = s?.heldSince ? html`<div class="muted">since ${when(s.heldSince)}</div>` : '';
  const lastError = t.lastError
    ? html`${t.lastError}<div class="muted">${when(s?.lastErrorAt)}</div>`
    : html`<span class="muted">none</span>`;
  return html`<tr data-target="${t.id}"><td><strong>${t.name}</strong><div class="muted">${t.kind}</div></td>
${stateCell(t, s)}${inSync(s?.users, 'users')}${inSync(s?.groups, 'groups')}
<td data-pending>${t.pending ?? 0}</td><td class="${lag > 300 ? 'bad' : ''}" data-lag>${lag} s</td>
<td class="${t.failedLastHour ? 'bad' : ''}" data-failed>${t.failedLastHour ?? 0}</td>
<td class="${dead ? 'bad' : ''}" data-dead-letters>${dead}</td>
<td class="${held ? 'bad' : ''}" data-held>${held}${heldSince}</td>
<td class="error" data-last-error>${lastError}</td>
${lastFullSync(s)}<td class="actions">${button ? buttons(tenantId, t, button) : ''}</td></tr>`;
}

export function connectorTable(tenantId: string, rows: TargetStatus[], button?: ButtonMaker): Fragment {
  if (rows.length === 0) return html`<p class="muted">no connectors</p>`;
  return html`<table class="targets" data-table="connectors"><tr><th>connector</th><th>state</th>
<th title="in Roster / downstream">users</th><th title="in Roster / downstream">groups</th>
<th>pending</th><th>lag</th><th>failed (1 h)</th><th>dead letters</th><th>held deletions</th><th>last error</th>
<th>last full sync</th><th></th></tr>
${rows.map((t) => row(tenantId, t, button))}</table>`;
}
