import { describe, expect, it } from 'vitest';
import { joinSecrets, maskSecrets, splitSecrets } from '../../../src/credentials/index.js';

describe('target secrets: plain fields apart from secret ones', () => {
  const config = { baseUrl: 'https://t.example/scim', auth: { type: 'oauth2', clientId: 'id', clientSecret: 's3' } };
  const fields = ['auth.token', 'auth.clientSecret'];

  it('takes the secret fields out by dotted path and leaves the input alone', () => {
    const { plain, secrets } = splitSecrets(config, fields);
    expect(plain).toEqual({ baseUrl: 'https://t.example/scim', auth: { type: 'oauth2', clientId: 'id' } });
    expect(secrets).toEqual({ 'auth.clientSecret': 's3' });
    expect(config.auth.clientSecret).toBe('s3');
  });

  it('joins them back into the whole configuration', () => {
    const { plain, secrets } = splitSecrets(config, fields);
    expect(joinSecrets(plain, secrets)).toEqual(config);
  });

  it('shows admins which secrets are set, never their values', () => {
    const { plain, secrets } = splitSecrets(config, fields);
    expect(JSON.stringify(maskSecrets(plain, secrets))).not.toContain('s3');
    expect(maskSecrets(plain, secrets)).toMatchObject({ auth: { clientSecret: '[set]' } });
  });
});
