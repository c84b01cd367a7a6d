import { describe, expect, it } from 'vitest';
import { ROLE_PRESETS } from '../../../config/roles/index.js';
import { checkerOf, checkOwned, compileRoles, compileSubject } from '../../../src/rbac/index.js';

// Design 001 canAccessTranscript: read-all first, then owner, then participant.
describe('design 001: resource-level checks (owner, participant, read-all)', () => {
  const catalog = compileRoles(ROLE_PRESETS['org-hierarchy'].roles);
  const alice = { id: 'u-alice', emails: ['alice@example.com'] };
  const transcript = { ownerId: 'u-bob', participants: ['Alice@Example.com', 'u-carol'] };
  const own = { ownerId: 'u-alice', participants: [] };
  const other = { ownerId: 'u-bob', participants: ['dave@example.com'] };
  const as = (role: string, denied: string[] = []) =>
    checkerOf(compileSubject(catalog, { roles: [role], deniedPermissions: denied }));

  it.each([
    [
      'manager reads any transcript with read:all',
      as('manager'),
      other,
      true,
      'granted by role manager via transcript:read:all',
    ],
    [
      'member reads their own transcript',
      as('member'),
      own,
      true,
      'granted by role member via transcript:read as owner',
    ],
    [
      'member reads a transcript they took part in (email, any case)',
      as('member'),
      transcript,
      true,
      'granted by role member via transcript:read as participant',
    ],
    ["member cannot read a stranger's transcript", as('member'), other, false, 'denied: neither owner nor participant'],
    [
      'viewer reads their own (inherited grant)',
      as('viewer'),
      own,
      true,
      'granted by role viewer via transcript:read as owner',
    ],
    [
      'an owner without transcript:read is still denied',
      as('member', ['transcript:read']),
      own,
      false,
      'denied: user deny list',
    ],
    [
      'a manager denied read:all falls back to ownership',
      as('manager', ['transcript:read:all']),
      other,
      false,
      'denied: neither owner nor participant',
    ],
  ])('%s', (_what, subject, resource, allow, reason) => {
    expect(checkOwned(subject, alice, 'transcript:read', resource)).toEqual({ allow, reason });
  });

  it('matches participants by user id too', () => {
    expect(checkOwned(as('member'), { id: 'u-carol' }, 'transcript:read', transcript).allow).toBe(true);
  });
});
