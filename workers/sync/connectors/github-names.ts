import type { DesiredGroup, DesiredUser } from '../connector.js';
import { ConnectorError } from './errors.js';

// Which GitHub login a Roster user is, and which team slug a Roster group is.

export type LoginFrom = 'userName' | 'emailLocalPart' | 'externalId';

/** GitHub logins: alphanumerics and single inner hyphens, at most 39 characters. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

export function githubLogin(u: DesiredUser, from: LoginFrom): string {
  const source =
    from === 'userName' ? u.userName : from === 'externalId' ? u.externalId : (u.email ?? u.userName).split('@')[0];
  if (!source || !LOGIN.test(source)) {
    // Permanent: retrying cannot turn e.g. an email userName into a login; the mapping must change.
    throw new ConnectorError('permanent', `user ${u.id}: ${from} is not a GitHub login`, {
      detail: `loginFrom=${from}`,
    });
  }
  return source;
}

/** The slug GitHub gives a team name: lowercased, other characters runs as one hyphen. */
export function teamSlug(g: DesiredGroup): string {
  return g.displayName
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
