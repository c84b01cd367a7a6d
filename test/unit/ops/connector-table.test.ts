import { describe, expect, it } from 'vitest';
import { connectorTable, when } from '../../../src/ops/connector-table.js';
import { html } from '../../../src/ops/html.js';
import type { TargetStatus } from '../../../src/status/index.js';

// The connector rows of /ops (src/ops/connector-table.ts): each button only where it applies,
// the downstream's words escaped, times short enough for a cell.

const button = (action: string, fields: Record<string, string>, label: string) =>
  html`<button data-action="${action}" data-id="${fields.id}">${label}</button>`;

function target(over: Partial<TargetStatus> = {}): TargetStatus {
  return {
    id: 'c1',
    name: 'slack',
    kind: 'scim',
    state: 'active',
    pending: 0,
    lagSeconds: 0,
    failedLastHour: 0,
    deadLetters: 0,
    sync: {
      users: { roster: 3, downstream: 3 },
      groups: { roster: 1, downstream: 1 },
      failedObjects: 0,
      heldDeletes: 0,
    },
    ...over,
  };
}

const actionsOf = (text: string) => [...text.matchAll(/data-action="([^"]+)"/g)].map((m) => m[1]);

describe('connector table', () => {
  it('offers a healthy connector only a full resync', () => {
    expect(actionsOf(connectorTable('acme', [target()], button).text)).toEqual(['connector-full-sync']);
  });

  it('offers Retry with dead letters and Approve with held deletions, counted in the label', () => {
    const row = target({
      deadLetters: 2,
      sync: { ...target().sync!, heldDeletes: 3, heldSince: '2026-03-01T11:00:00Z' },
    });
    const text = connectorTable('acme', [row], button).text;
    expect(actionsOf(text)).toEqual(['connector-retry', 'connector-approve-deletes', 'connector-full-sync']);
    expect(text).toContain('>Approve 3 deletions<');
  });

  it('offers a quarantined connector Resume only (its jobs are skipped until then), with the next probe', () => {
    const row = target({
      state: 'quarantined',
      reason: 'the target refused the credentials',
      deadLetters: 1,
      sync: { ...target().sync!, nextAttemptAt: '2026-03-01T13:00:00Z' },
    });
    const text = connectorTable('acme', [row], button).text;
    expect(actionsOf(text)).toEqual(['connector-resume']);
    expect(text).toContain('next probe');
    expect(text).toContain('datetime="2026-03-01T13:00:00Z"');
  });

  it('draws no button for an operator who may only look', () => {
    const row = target({ state: 'paused', deadLetters: 1 });
    expect(actionsOf(connectorTable('acme', [row]).text)).toEqual([]);
  });

  it('escapes what a downstream answered, and marks Roster and downstream counts that differ', () => {
    const row = target({
      lastError: '<script>alert(1)</script>',
      sync: { ...target().sync!, users: { roster: 3, downstream: 2 } },
    });
    const text = connectorTable('acme', [row], button).text;
    expect(text).not.toContain('<script>');
    expect(text).toContain('&lt;script&gt;');
    expect(text).toMatch(/<td data-users class="warn"[^>]*>\s*3 \/ 2<\/td>/);
    expect(text).toMatch(/<td data-groups class=""[^>]*>\s*1 \/ 1<\/td>/);
  });

  it('says so when a tenant has no connectors', () => {
    expect(connectorTable('acme', [], button).text).toContain('no connectors');
  });

  it('shows the time of day for today and the date before', () => {
    const now = new Date('2026-03-01T15:00:00Z');
    expect(when('2026-03-01T12:31:05.123Z', 'never', now).text).toContain('>12:31:05 UTC<');
    expect(when('2026-02-28T12:31:05.123Z', 'never', now).text).toContain('>2026-02-28 12:31 UTC<');
    expect(when(undefined, 'never', now).text).toContain('never');
  });
});
