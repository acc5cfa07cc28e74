import {
  CREDENTIAL_MASK,
  credentialSchemaProblem,
  missingCredentialFields,
  redactCredentials,
} from './credential-schema';
import type { CredentialSchema } from './credential-schema.types';

const schema: CredentialSchema = [
  { key: 'clientId', label: 'Client id', secret: false },
  { key: 'clientSecret', label: 'Client secret', secret: true },
  { key: 'refreshToken', label: 'Refresh token', secret: true, optional: true },
];

describe('redactCredentials', () => {
  it('masks secret fields and keeps public ones', () => {
    expect(redactCredentials(schema, { clientId: 'lb-123', clientSecret: 's3cr3t', refreshToken: 'rt' })).toEqual({
      clientId: 'lb-123',
      clientSecret: CREDENTIAL_MASK,
      refreshToken: CREDENTIAL_MASK,
    });
  });

  it('masks values the schema does not declare', () => {
    expect(redactCredentials(schema, { clientId: 'lb-123', accessToken: 'eyJ...' })).toEqual({
      clientId: 'lb-123',
      accessToken: CREDENTIAL_MASK,
    });
  });

  it('uses a fixed mask whatever the secret length, and leaves the input untouched', () => {
    const values = { clientSecret: 'x' };
    const long = redactCredentials(schema, { clientSecret: 'x'.repeat(500) });
    expect(redactCredentials(schema, values).clientSecret).toBe(long.clientSecret);
    expect(values).toEqual({ clientSecret: 'x' });
  });
});

describe('missingCredentialFields', () => {
  it('names required fields that are absent or blank, in schema order', () => {
    expect(missingCredentialFields(schema, { clientSecret: '  ' })).toEqual(['clientId', 'clientSecret']);
    expect(missingCredentialFields(schema, { clientId: 'a', clientSecret: 'b' })).toEqual([]);
  });
});

describe('credentialSchemaProblem', () => {
  it('accepts a valid schema and rejects duplicate or empty keys', () => {
    expect(credentialSchemaProblem(schema)).toBeUndefined();
    expect(credentialSchemaProblem([...schema, schema[0]!])).toBe('the field "clientId" is declared twice');
    expect(credentialSchemaProblem([{ key: ' ', label: 'x', secret: false }])).toBe('a field has an empty key');
  });
});
