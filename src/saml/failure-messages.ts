import type { ErrorCode } from '../errors/index.js';

// What the error page tells a person, in plain words. It says what went wrong and what to do,
// never which internal check failed in library terms.

export interface FailureMessage {
  title: string;
  message: string;
}

const NOT_VERIFIED: FailureMessage = {
  title: 'We could not verify your sign-in',
  message:
    'The response from your identity provider could not be verified, so you have not been signed in. Please ' +
    'start the sign-in again; if it keeps happening, contact your administrator.',
};

const MESSAGES: Partial<Record<ErrorCode, FailureMessage>> = {
  ip_not_allowed: {
    title: 'Sign-in is not allowed from this network',
    message:
      'Your organization allows single sign-on only from its own networks, and this request came from elsewhere. ' +
      'Connect to your organization’s network or VPN and try again, or contact your administrator.',
  },
  saml_connection_not_found: {
    title: 'Single sign-on is not set up',
    message:
      'This organization has no single sign-on connection. Check the address you used, or ask your administrator.',
  },
  saml_response_too_large: {
    title: 'The sign-in response is too large',
    message: 'The response from your identity provider was larger than we accept. Please contact your administrator.',
  },
  saml_expired: {
    title: 'Your sign-in has expired',
    message:
      'The sign-in response arrived too late. This can happen when signing in took a long time or when a ' +
      'computer clock is wrong. Please start the sign-in again.',
  },
  saml_not_yet_valid: {
    title: 'Your sign-in is not valid yet',
    message:
      'The sign-in response is dated in the future, which usually means a clock is wrong on the identity ' +
      'provider. Please try again in a minute or contact your administrator.',
  },
  saml_replay: {
    title: 'This sign-in was already used',
    message: 'Each sign-in response can be used only once. Please start the sign-in again.',
  },
  saml_unknown_request: {
    title: 'This sign-in does not match one started here',
    message:
      'The response does not answer a sign-in started on this site, or that sign-in has already been completed ' +
      'or has expired. Please start the sign-in again.',
  },
  saml_unsolicited_response: {
    title: 'Please start the sign-in from this site',
    message:
      "This organization only accepts sign-ins that start here, not from the identity provider's portal. Please " +
      'use the sign-in link of this site.',
  },
  saml_wrong_audience: {
    title: 'This sign-in was meant for another application',
    message:
      'The identity provider issued this sign-in for a different application. Please contact your administrator.',
  },
  saml_wrong_destination: {
    title: 'This sign-in was meant for another address',
    message: 'The identity provider sent this sign-in to a different address. Please contact your administrator.',
  },
  saml_wrong_recipient: {
    title: 'This sign-in was meant for another address',
    message: 'The identity provider sent this sign-in to a different address. Please contact your administrator.',
  },
  saml_wrong_issuer: {
    title: 'This sign-in came from an unexpected identity provider',
    message:
      'The sign-in was issued by an identity provider this organization does not use. Please contact your ' +
      'administrator.',
  },
  saml_idp_error: {
    title: 'Your identity provider did not sign you in',
    message:
      'Your identity provider reported that the sign-in did not succeed. Please try again, or contact your ' +
      'administrator.',
  },
  saml_missing_identity: {
    title: 'Your identity could not be read',
    message: 'The identity provider did not say who you are in a form we can use. Please contact your administrator.',
  },
  saml_user_inactive: {
    title: 'Your account is deactivated',
    message:
      'Your account in this organization has been deactivated, so you cannot sign in. Contact your administrator ' +
      'if you think this is a mistake.',
  },
  saml_identity_conflict: {
    title: 'Your account could not be matched',
    message:
      'Your sign-in matches an account that is linked to a different identity. Please contact your administrator.',
  },
  saml_return_to_rejected: {
    title: 'That return address is not allowed',
    message: 'The page you asked to return to after signing in is not allowed for this organization.',
  },
  not_found: {
    title: 'There is nothing at this address',
    message: 'This sign-in address does not exist. Please use the sign-in link of your application.',
  },
  invalid_input: {
    title: 'The request was not understood',
    message: 'The request was incomplete or not in the expected form. Please start the sign-in again.',
  },
};

const UNAVAILABLE: FailureMessage = {
  title: 'Sign-in is briefly unavailable',
  message: 'A service sign-in depends on is not answering right now. Please try again in a few seconds.',
};

export function failureMessage(code: ErrorCode, status: number): FailureMessage {
  if (code === 'unavailable') return UNAVAILABLE;
  if (status >= 500) {
    return {
      title: 'Something went wrong on our side',
      message: 'We could not complete your sign-in because of a problem on our side. Please try again in a moment.',
    };
  }
  return MESSAGES[code] ?? NOT_VERIFIED;
}
