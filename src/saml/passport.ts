import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import passportModule from 'passport';
import { MultiSamlStrategy, type Profile } from '@node-saml/passport-saml';
import type { SamlOptionsResolver } from './request-options.js';

// passport with passport-saml's MultiSamlStrategy: one strategy for every tenant, whose
// getSamlOptions seam asks the resolver (src/saml/request-options.ts) for the options of the
// request at hand. One Passport instance per app (passport's default export is a process-wide
// singleton).

const STRATEGY = 'saml';

type Authenticator = passportModule.PassportStatic;

export function createSamlPassport(resolver: SamlOptionsResolver): Authenticator {
  const passport = new passportModule.Passport() as Authenticator;
  const strategy = new MultiSamlStrategy(
    {
      passReqToCallback: true,
      getSamlOptions(req, done) {
        try {
          done(null, resolver.optionsFor(req as unknown as Request));
        } catch (err) {
          done(err as Error);
        }
      },
    },
    (_req, profile, done) => done(null, profile ?? undefined),
    (_req, profile, done) => done(null, profile ?? undefined),
  );
  // passport-saml is typed against its own copy of @types/express (v4); the runtime is the same.
  passport.use(STRATEGY, strategy as unknown as passportModule.Strategy);
  return passport;
}

/**
 * Sends the browser to the IdP with an AuthnRequest: a redirect (HTTP-Redirect binding) or an
 * auto-posting form (HTTP-POST). Resolves once passport has answered, rejects on its error.
 */
export function sendAuthnRequest(passport: Authenticator, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    res.once('finish', () => resolve());
    const middleware = passport.authenticate(STRATEGY, { session: false }, (err: unknown) =>
      reject(err ?? new Error('the SAML strategy did not redirect')),
    );
    middleware(req, res, () => reject(new Error('the SAML strategy passed the request on')));
  });
}

/**
 * Validates the posted form's SAMLResponse, as posted, with node-saml; resolves with its profile
 * (null: no assertion).
 */
export function validateResponse(passport: Authenticator, req: Request, res: Response): Promise<Profile | null> {
  return new Promise((resolve, reject) => {
    const middleware = passport.authenticate(STRATEGY, { session: false }, (err: unknown, user: unknown) => {
      if (err) reject(err);
      else resolve(user ? (user as Profile) : null);
    });
    middleware(req, res, () => reject(new Error('the SAML strategy passed the request on')));
  });
}

const sha256 = (script: string) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`;

/**
 * node-saml's HTTP-POST AuthnRequest page submits itself with an inline onload handler and hides
 * its form with an inline script; this policy allows exactly those two and a post to the IdP.
 */
export function autoPostCsp(ssoUrl: string): string {
  const scripts = [sha256('document.forms[0].submit()'), sha256('document.forms[0].style.display="none";')];
  return (
    `default-src 'none'; script-src 'unsafe-hashes' ${scripts.join(' ')}; ` +
    `form-action ${new URL(ssoUrl).origin}; base-uri 'none'; frame-ancestors 'none'`
  );
}
