import {
  credentialSchemaProblem,
  missingCredentialFields,
  redactCredentials,
  type ProviderConnection,
} from '@ledgerbridge/connector-sdk';
import { DINERO_CREDENTIALS, dineroCredentialsOf } from './dinero.credentials';

const connectionWith = (credentials: Record<string, string>): ProviderConnection => ({
  companyId: 'c-1',
  organizationId: '100001',
  credentials,
});

describe('DINERO_CREDENTIALS', () => {
  it('is a valid schema whose secrets are the API key and the refresh token', () => {
    expect(credentialSchemaProblem(DINERO_CREDENTIALS)).toBeUndefined();
    expect(DINERO_CREDENTIALS.filter((field) => field.secret).map((field) => field.key)).toEqual([
      'apiKey',
      'refreshToken',
    ]);
    expect(missingCredentialFields(DINERO_CREDENTIALS, {})).toEqual([]);
    expect(redactCredentials(DINERO_CREDENTIALS, { connectionKind: 'oauth', refreshToken: 'r-1' })).toEqual({
      connectionKind: 'oauth',
      refreshToken: '********',
    });
  });
});

describe('dineroCredentialsOf', () => {
  it.each([
    [{ apiKey: 'k' }, { kind: 'api_key', apiKey: 'k' }],
    [{ refreshToken: 'r' }, { kind: 'oauth', refreshToken: 'r' }],
    [
      { connectionKind: 'oauth', apiKey: 'k', refreshToken: 'r' },
      { kind: 'oauth', refreshToken: 'r' },
    ],
    [
      { connectionKind: 'api_key', apiKey: 'k', refreshToken: 'r' },
      { kind: 'api_key', apiKey: 'k' },
    ],
  ])('reads %j', (credentials, expected) => {
    expect(dineroCredentialsOf(connectionWith(credentials))).toEqual(expected);
  });

  it.each([
    [{}, 'connectionKind'],
    [{ apiKey: 'k', refreshToken: 'r' }, 'connectionKind'],
    [{ connectionKind: 'password' }, 'connectionKind'],
    [{ connectionKind: 'api_key', refreshToken: 'r' }, 'apiKey'],
    [{ connectionKind: 'oauth', apiKey: 'k' }, 'refreshToken'],
    [{ apiKey: '  ' }, 'connectionKind'],
  ])('refuses %j, naming %s and no secret', (credentials, field) => {
    const run = () => dineroCredentialsOf(connectionWith(credentials));
    expect(run).toThrow(expect.objectContaining({ code: 'validation', field }));
    expect(run).toThrow(/company c-1/);
  });
});
