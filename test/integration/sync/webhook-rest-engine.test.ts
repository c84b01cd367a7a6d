import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPreset } from '../../../src/access/index.js';
import { startHttpDouble, type HttpDouble, type RecordedRequest } from '../../helpers/sync/http-double.js';
import { startTwinmindDouble, type TwinmindDouble } from '../../helpers/sync/twinmind-double.js';
import {
  ACTOR,
  eventually,
  memberPatch,
  scimGroup,
  scimUser,
  startSyncHarness,
  type SyncHarness,
} from '../../helpers/sync/sync-harness.js';

// The webhook and generic REST connectors behind the whole engine: an IdP's SCIM write to the
// source Roster goes outbox → roster-events → fan-out → roster-sync → connector → a loopback
// receiver, which checks what a tenant's own endpoint (webhook) or design 001's organization API
// (REST with config/connectors/twinmind-organization-members.json) would get.

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;
const deactivate = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [{ op: 'replace', path: 'active', value: false }],
};

describe('SCIM changes through the engine to a signed webhook', () => {
  let source: SyncHarness;
  let receiver: HttpDouble;
  /** Paths whose next delivery is answered 503 (once). */
  const failOnce = new Set<string>();
  beforeAll(async () => {
    source = await startSyncHarness();
    receiver = await startHttpDouble((r) => (failOnce.delete(r.url) ? { status: 503 } : { status: 204 }));
  });
  afterAll(async () => {
    await Promise.all([source.close(), receiver.close()]);
  });

  const headersOf = (r: RecordedRequest) => ({
    'webhook-id': String(r.headers['webhook-id']),
    'webhook-timestamp': String(r.headers['webhook-timestamp']),
    'webhook-signature': String(r.headers['webhook-signature']),
  });

  it('delivers CloudEvents that verify with either secret of a rotation, one per change', async () => {
    const t = await source.tenant();
    const [oldSecret, nextSecret] = [newSecret(), newSecret()];
    const path = `/hooks/${t.tenant}`;
    const doc = await t.addConnector({
      name: 'own-endpoint',
      kind: 'webhook',
      config: { url: `${receiver.url}${path}`, secrets: [oldSecret, nextSecret] },
    });
    const ada = (await t.scim('POST', '/Users', scimUser('ada@acme.example'))).body;
    const group = (await t.scim('POST', '/Groups', scimGroup('Engineering'))).body;
    expect((await t.scim('PATCH', `/Groups/${group.id}`, memberPatch('add', ada.id))).status).toBeLessThan(300);

    const mine = () => receiver.requests.filter((r) => r.url === path);
    const received = () =>
      mine().map((r) => ({ request: r, event: new Webhook(oldSecret).verify(r.body, headersOf(r)) as any }));
    const ofType = (type: string) => received().filter((e) => e.event.type === type);
    await eventually('the member added downstream', () =>
      ofType('group.user_added').some((e) => e.event.data.users.some((u: { id: string }) => u.id === ada.id)),
    );
    expect((await t.scim('PATCH', `/Users/${ada.id}`, deactivate)).status).toBe(200);
    await eventually('the deactivation delivered', () => ofType('user.deactivated').length === 1);
    // The same state again later is a new change: reactivated, then deactivated once more, and the
    // member removed and added back. Each delivery needs an id of its own, or a receiver that drops
    // repeated webhook-ids (Standard Webhooks' idempotency advice) would miss the second one.
    const reactivate = { ...deactivate, Operations: [{ op: 'replace', path: 'active', value: true }] };
    expect((await t.scim('PATCH', `/Users/${ada.id}`, reactivate)).status).toBe(200);
    await eventually('the reactivation delivered', () => ofType('user.updated').some((e) => e.event.data.active));
    expect((await t.scim('PATCH', `/Users/${ada.id}`, deactivate)).status).toBe(200);
    await eventually('the second deactivation delivered', () => ofType('user.deactivated').length === 2);
    expect((await t.scim('PATCH', `/Groups/${group.id}`, memberPatch('remove', ada.id))).status).toBeLessThan(300);
    await eventually('the member removed', () => ofType('group.user_removed').length === 1);
    expect((await t.scim('PATCH', `/Groups/${group.id}`, memberPatch('add', ada.id))).status).toBeLessThan(300);
    await eventually('the member added back', () => ofType('group.user_added').length === 2);

    const source_ = `roster:/tenants/${t.tenant}/connectors/${doc._id}`;
    expect(ofType('user.created')).toHaveLength(1);
    expect(ofType('user.created')[0].event).toMatchObject({
      specversion: '1.0',
      type: 'user.created',
      source: source_,
      subject: ada.id,
      datacontenttype: 'application/json',
      data: { id: ada.id, userName: 'ada@acme.example', email: 'ada@acme.example', active: true },
    });
    expect(ofType('group.created')[0].event).toMatchObject({
      source: source_,
      subject: group.id,
      data: { id: group.id, displayName: 'Engineering' },
    });
    expect(ofType('group.user_added')[0].event).toMatchObject({
      subject: group.id,
      data: { group: { id: group.id }, users: [{ id: ada.id }] },
    });
    expect(ofType('user.deactivated')[1].event).toMatchObject({
      subject: ada.id,
      data: { userName: 'ada@acme.example', active: false },
    });
    for (const { request, event } of received()) {
      expect(request.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
      // Standard Webhooks: webhook-id is the CloudEvent id; both signatures verify, a third secret does not.
      expect(request.headers['webhook-id']).toBe(event.id);
      expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(new Webhook(nextSecret).verify(request.body, headersOf(request))).toEqual(event);
      expect(() => new Webhook(newSecret()).verify(request.body, headersOf(request))).toThrow();
      expect(Math.abs(Date.parse(event.time) - Date.now())).toBeLessThan(5 * 60_000);
    }
    // Distinct changes, distinct ids (receivers drop repeated ids as duplicates).
    const ids = received().map((e) => e.event.id);
    expect(new Set(ids).size).toBe(ids.length);
  }, 90_000);

  it('a delivery retried after a 503 keeps its id, so the receiver can tell it is the same one', async () => {
    const t = await source.tenant();
    const secret = newSecret();
    const path = `/hooks/${t.tenant}`;
    const doc = await t.addConnector({
      name: 'flaky',
      kind: 'webhook',
      config: { url: `${receiver.url}${path}`, secrets: [secret] },
    });
    // Its first full sync (an empty tenant) done first, so the user's live job is the only one.
    await eventually('the first full sync finished', async () => (await t.connector(doc._id)).lastFullSync?.finishedAt);
    failOnce.add(path);
    const bea = (await t.scim('POST', '/Users', scimUser('bea@acme.example'))).body;
    const mine = () => receiver.requests.filter((r) => r.url === path);
    await eventually('the retry delivered', () => mine().length === 2);
    const [failed, retried] = mine().map((r) => new Webhook(secret).verify(r.body, headersOf(r)) as any);
    expect(failed).toMatchObject({ type: 'user.created', subject: bea.id });
    expect(retried.id).toBe(failed.id);
    expect(retried.data).toEqual(failed.data);
  }, 90_000);
});

describe('SCIM changes through the engine to design 001 organization members (REST templates)', () => {
  let source: SyncHarness;
  let api: TwinmindDouble;
  let example: Record<string, unknown>;
  beforeAll(async () => {
    source = await startSyncHarness();
    api = await startTwinmindDouble();
    example = JSON.parse(
      await readFile(new URL('../../../config/connectors/twinmind-organization-members.json', import.meta.url), 'utf8'),
    );
  });
  afterAll(async () => {
    await Promise.all([source.close(), api.close()]);
  });

  it('members get their email and the role their IdP groups map to; teams follow groups', async () => {
    const t = await source.tenant();
    // Design 001's roles and Okta-style group mapping: TwinMind-Admins → admin, default member.
    await applyPreset(source.runtime.domain, t.tenant, 'org-hierarchy', ACTOR);
    const { description: _d, ...config } = example;
    await t.addConnector({
      name: 'twinmind',
      kind: 'rest',
      config: { ...config, baseUrl: `${api.url}/v1`, auth: { header: 'authorization', value: `Bearer ${api.apiKey}` } },
    });
    const ada = (await t.scim('POST', '/Users', scimUser('ada@acme.example'))).body;
    const bob = (await t.scim('POST', '/Users', scimUser('bob@acme.example'))).body;
    const admins = (await t.scim('POST', '/Groups', scimGroup('TwinMind-Admins', [ada.id]))).body;
    const member = (email: string) => [...api.members.values()].find((m) => m.email === email);
    const team = () => [...api.teams.values()].find((x) => x.name === 'TwinMind-Admins');

    await eventually(
      'ada an admin in the team, bob a member',
      () =>
        member('ada@acme.example')?.role === 'admin' &&
        member('bob@acme.example')?.role === 'member' &&
        team()?.members.has(member('ada@acme.example')!.id),
    );
    expect(team()?.settings).toMatchObject({ defaultTranscriptVisibility: 'team', requireApprovalForSharing: true });
    expect([...team()!.members.values()]).toEqual(['member']); // vars.teamRole

    // Out of the admin group: back to the default role, and out of the team.
    expect((await t.scim('PATCH', `/Groups/${admins.id}`, memberPatch('remove', ada.id))).status).toBeLessThan(300);
    // Deactivated at the IdP: removed from the organization (the seed's removeMember).
    expect((await t.scim('PATCH', `/Users/${bob.id}`, deactivate)).status).toBe(200);
    await eventually(
      'ada a member outside the team, bob gone',
      () => member('ada@acme.example')?.role === 'member' && team()?.members.size === 0 && !member('bob@acme.example'),
    );
    expect(api.members.size).toBe(1);
    expect(api.teams.size).toBe(1);
    // Every call carried the organization API key, and nothing else answered 401.
    expect(api.requests.every((r) => r.headers.authorization === `Bearer ${api.apiKey}`)).toBe(true);
  }, 90_000);
});
