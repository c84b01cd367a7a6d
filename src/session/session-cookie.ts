// The session cookie. HttpOnly (no script reads it), Secure (never sent over plain HTTP; browsers
// treat localhost as secure), SameSite=Lax (not sent on cross-site POSTs, so logout cannot be
// forged; it is sent on the top-level GET that follows the ACS redirect). The __Host- prefix
// pins it to this host and path "/" (RFC 6265bis §4.1.3.2).

export const SESSION_COOKIE = '__Host-roster_session';

export function sessionCookie(id: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${id}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Lax`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax`;
}

/** The session id from a Cookie header, or undefined. */
export function sessionIdFrom(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}
