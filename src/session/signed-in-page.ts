import type { UserDoc } from '../people/index.js';
import type { SessionData } from './session-store.js';

// The page a login lands on when neither the login nor the tenant's IdP connection names a
// returnTo (defaultReturnTo is "/" unless the tenant sets its application URL): it says who is
// signed in, so a first login ends somewhere real instead of on a 404. Every value is escaped.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Roster</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f5f6f8; color: #1d2433; }
main { max-width: 34rem; margin: 12vh auto; background: #fff; padding: 2rem 2.25rem;
  border-radius: 8px; box-shadow: 0 1px 3px #0002; }
h1 { font-size: 1.35rem; margin: 0 0 .75rem; }
code { font-size: .9rem; background: #eef0f4; padding: .1rem .35rem; border-radius: 4px; }
</style>
</head>
<body>
<main role="main">
${body}
</main>
</body>
</html>
`;
}

export function renderSignedIn(session: SessionData, user: UserDoc): string {
  const name = user.displayName ? `${user.displayName} (${user.userName})` : user.userName;
  const roles = user.effectiveRoles?.length ? user.effectiveRoles.join(', ') : 'none yet';
  return page(
    'Signed in',
    `<h1 id="signed-in">Signed in as ${escapeHtml(name)}</h1>
<p>Organization: <code id="tenant">${escapeHtml(session.tenantId)}</code></p>
<p>Roles: <span id="roles">${escapeHtml(roles)}</span></p>
<p>Your organization has not set an application address for Roster to send you to after login,
so you are seeing Roster's own page. <code>GET /v1/session</code> answers the same as JSON.</p>`,
  );
}

export function renderSignedOut(): string {
  return page(
    'Not signed in',
    `<h1 id="signed-out">You are not signed in</h1>
<p>Sign in through your organization's login link (<code>/saml/&lt;organization&gt;/login</code>).</p>`,
  );
}
