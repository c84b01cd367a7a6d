import { Query } from 'mingo';
import SCIMMY from 'scimmy';
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../src/scim/filter/parser.js';
import { translateFilter } from '../../../src/scim/filter/translate.js';
import { parseListQuery } from '../../../src/scim/list-query.js';
import { groupPatch } from '../../../src/scim/resources/group-resource.js';
import { USER_STORAGE } from '../../../src/scim/resources/storage-map.js';
import { userFromCreate } from '../../../src/scim/resources/user-resource.js';
import { scimError } from '../../../src/scim/scim-errors.js';
import { parsePatchRequest } from '../../../src/scim/patch/patch-request.js';

// Where scimmy 1.3.5 departs from RFC 7643/7644 or from what Okta and Entra ID send, each pair
// pins scimmy's behaviour and Roster's. If a scimmy upgrade fixes one, its first assertion fails
// and the wrapper can go.

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp' as const;

async function rosterMatches(filter: string, docs: Record<string, unknown>[]): Promise<unknown[]> {
  const query = new Query(await translateFilter({ map: USER_STORAGE, related: async () => [] }, parseFilter(filter)));
  return docs.filter((d) => query.test(d)).map((d) => d.userName);
}

describe('where Roster corrects scimmy', () => {
  it('not (a or b) is ¬a ∧ ¬b (RFC 7644 §3.4.2.2); scimmy expands it to ¬a ∨ ¬b', async () => {
    const filter = 'userName sw "A" and not (userName ew "Z" or displayName co "Bob")';
    const docs = [
      { userName: 'Alice', userNameLower: 'alice', displayName: 'Bob' },
      { userName: 'AZ', userNameLower: 'az', displayName: 'x' },
      { userName: 'Ann', userNameLower: 'ann', displayName: 'Ann' },
    ];
    expect(new SCIMMY.Types.Filter(filter).match(docs).map((d) => d.userName)).toEqual(['Alice', 'AZ', 'Ann']);
    expect(await rosterMatches(filter, docs)).toEqual(['Ann']);
  });

  it('parentheses may nest (RFC 7644 ABNF); scimmy rejects a valid nested group', () => {
    const filter = '(userName eq "a" or (displayName eq "b" and title eq "c"))';
    expect(() => new SCIMMY.Types.Filter(filter)).toThrow(/Unexpected token/);
    expect(parseFilter(filter)).toMatchObject({ kind: 'or' });
  });

  it('userName matches case-insensitively (caseExact false, RFC 7643 §4.1.1); scimmy compares exactly', async () => {
    const docs = [{ userName: 'bob', userNameLower: 'bob' }];
    expect(new SCIMMY.Types.Filter('userName eq "BOB"').match(docs)).toEqual([]);
    expect(await rosterMatches('userName eq "BOB"', docs)).toEqual(['bob']);
  });

  it('accepts Entra\'s "active": "False"; scimmy refuses the string', () => {
    expect(() => SCIMMY.Schemas.User.definition.coerce({ userName: 'x', active: 'False' })).toThrow(/boolean/);
    expect(userFromCreate({ schemas: [USER], userName: 'x', active: 'False' }).active).toBe(false);
  });

  it('accepts non-canonical type values (RFC 7643 §2.3.1 lists them as suggestions); scimmy refuses them', () => {
    const emails = [{ value: 'a@b.c', type: 'mobile2' }];
    expect(() => SCIMMY.Schemas.User.definition.coerce({ userName: 'x', emails })).toThrow(/non-canonical/);
    expect(userFromCreate({ schemas: [USER], userName: 'x', emails }).emails).toEqual(emails);
  });

  it('refuses an attribute no schema declares (400 invalidSyntax); scimmy drops it silently', () => {
    expect(SCIMMY.Schemas.User.definition.coerce({ userName: 'x', favouriteColour: 'red' })).not.toHaveProperty(
      'favouriteColour',
    );
    expect(() => userFromCreate({ schemas: [USER], userName: 'x', favouriteColour: 'red' })).toThrow(
      expect.objectContaining({ code: 'scim_invalid_syntax' }),
    );
  });

  it('adding an existing member changes nothing (RFC 7644 §3.5.2.1); scimmy duplicates it', async () => {
    const group = new SCIMMY.Schemas.Group({ displayName: 'G', members: [{ value: 'u1' }], id: 'g1', meta: {} });
    const request = {
      schemas: [PATCH_OP] as [typeof PATCH_OP],
      Operations: [{ op: 'add' as const, path: 'members', value: [{ value: 'u1' }] }],
    };
    const patched = await new SCIMMY.Messages.PatchOp(request).apply(group);
    expect(patched.members).toEqual([{ value: 'u1' }, { value: 'u1' }]);
    // Roster turns it into a membership change; applyMemberChanges adds only non-members (tested over HTTP).
    expect(groupPatch(parsePatchRequest(request), 'g1').members).toEqual([{ op: 'add', userIds: ['u1'] }]);
  });

  it('count is capped by the advertised maxResults; scimmy returns any count and echoes it as itemsPerPage', () => {
    const resources = [{ id: '1' }, { id: '2' }] as unknown as SCIMMY.Types.Schema[];
    const list = new SCIMMY.Messages.ListResponse(resources, { count: 1e9 });
    expect(list.itemsPerPage).toBe(1e9);
    expect(() => parseListQuery({ count: '1000000000' }, { maxResults: 1000, defaultCount: 100 })).toThrow(
      expect.objectContaining({ code: 'scim_too_many' }),
    );
  });

  it('tooMany travels with 400 (RFC 7644 §3.12, Table 9); scimmy only allows it with 413', () => {
    expect(() => new SCIMMY.Messages.Error({ status: 400, scimType: 'tooMany', detail: 'x' })).toThrow(/not valid/);
    expect(scimError('tooMany', 'x').status).toBe(400);
  });
});
