import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DELETE_GUARD,
  exceedsGuard,
  quarantineIntervalMs,
  userInScope,
  type ConnectorDoc,
} from '../../../src/connectors/index.js';
import type { EventJob } from '../../../src/queue/index.js';
import { hashOf } from '../../../workers/sync/desired-state.js';
import { jobsFor } from '../../../workers/sync/fan-out.js';
import { planOf } from '../../../workers/sync/user-steps.js';

// The sync engine's pure rules: what a user job does, the deletion guard, quarantine intervals,
// scope and fan-out.

const user = { id: 'u1', userName: 'ada@x', active: true };
const state = (extra: Record<string, unknown> = {}) =>
  ({
    _id: 's',
    tenantId: 't',
    connectorId: 'c',
    kind: 'user',
    objectId: 'u1',
    remoteId: 'r1',
    status: 'provisioned',
    attempts: 0,
    updatedAt: '',
    appliedHash: hashOf(user),
    ...extra,
  }) as never;

describe('user plan', () => {
  it('creates an unknown active user and leaves an unknown inactive one alone', () => {
    expect(planOf({ present: true, user, groupIds: [] }, null, 'deactivate')).toBe('create');
    expect(planOf({ present: true, user: { ...user, active: false }, groupIds: [] }, null, 'deactivate')).toBe('none');
  });
  it('does nothing when what was applied is what is desired (a second run changes nothing)', () => {
    expect(planOf({ present: true, user, groupIds: [] }, state(), 'deactivate')).toBe('none');
    expect(planOf({ present: true, user: { ...user, displayName: 'Ada' }, groupIds: [] }, state(), 'deactivate')).toBe(
      'update',
    );
  });
  it('deprovisions as configured, once', () => {
    expect(planOf({ present: false, reason: 'deleted' }, state(), 'delete')).toBe('delete');
    expect(planOf({ present: false, reason: 'out_of_scope' }, state(), 'deactivate')).toBe('deactivate');
    expect(planOf({ present: false, reason: 'out_of_scope' }, state({ status: 'deprovisioned' }), 'deactivate')).toBe(
      'none',
    );
    expect(planOf({ present: false, reason: 'deleted' }, null, 'delete')).toBe('none');
  });
});

describe('deletion guard', () => {
  it('holds past the count, or past the percentage from the minimum count on', () => {
    expect(exceedsGuard(DEFAULT_DELETE_GUARD, 501, 100_000)).toBe(true);
    expect(exceedsGuard(DEFAULT_DELETE_GUARD, 500, 100_000)).toBe(false);
    expect(exceedsGuard(DEFAULT_DELETE_GUARD, 30, 100)).toBe(true);
    expect(exceedsGuard(DEFAULT_DELETE_GUARD, 3, 10)).toBe(false);
  });
});

describe('quarantine intervals', () => {
  it('double from the base and stop at a day', () => {
    expect([1, 2, 3].map((n) => quarantineIntervalMs(60_000, n))).toEqual([60_000, 120_000, 240_000]);
    expect(quarantineIntervalMs(60_000, 40)).toBe(86_400_000);
  });
});

describe('scope and fan-out', () => {
  const connector = (status: string, scope: object = { type: 'groups', groupIds: ['g1'] }) =>
    ({ _id: 'c1', state: { status }, scope }) as unknown as ConnectorDoc;
  const event = (type: string, subject: string, payload = {}) =>
    ({ eventId: 'e', tenantId: 't', type, subject, payload, createdAt: new Date().toISOString(), seq: 1 }) as EventJob;

  it('puts a user in scope while a member of a chosen group', () => {
    expect(userInScope({ type: 'groups', groupIds: ['g1'] }, ['g2', 'g1'])).toBe(true);
    expect(userInScope({ type: 'groups', groupIds: ['g1'] }, ['g2'])).toBe(false);
  });
  it('turns a member change into a group job and a user job, for active connectors only', () => {
    const jobs = jobsFor(event('group.member_added', 'g1', { userId: 'u1' }), [
      connector('active'),
      connector('paused'),
    ]);
    expect(jobs.map((j) => `${j.kind}:${j.objectId}`)).toEqual(['group:g1', 'user:u1']);
  });
  it('leaves the user job out of a member change when the connector syncs everyone', () => {
    const jobs = jobsFor(event('group.member_added', 'g1', { userId: 'u1' }), [connector('active', { type: 'all' })]);
    expect(jobs.map((j) => `${j.kind}:${j.objectId}`)).toEqual(['group:g1']);
  });
  it('sends a deleted user to the groups it left', () => {
    const jobs = jobsFor(event('user.deleted', 'u1', { groupIds: ['g1', 'g2'] }), [connector('active')]);
    expect(jobs.map((j) => `${j.kind}:${j.objectId}`)).toEqual(['user:u1', 'group:g1', 'group:g2']);
  });
  it('hashes objects independently of key order', () => {
    expect(hashOf({ a: 1, b: { c: 2, d: 3 } })).toBe(hashOf({ b: { d: 3, c: 2 }, a: 1 }));
  });
});
