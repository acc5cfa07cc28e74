import fc from 'fast-check';
import {
  CredentialCipher,
  CredentialDecryptionError,
  newCredentialKeys,
  parseCredentialKeys,
} from './credential-cipher';

const company = 'c0000000-0000-4000-8000-000000000001';

describe('CredentialCipher', () => {
  const cipher = new CredentialCipher(parseCredentialKeys(newCredentialKeys('k1')));

  it('round-trips any credentials', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), (creds) => {
        expect(cipher.decrypt(company, cipher.encrypt(company, creds))).toEqual(creds);
      }),
      { numRuns: 50 },
    );
  });

  it('never shows the secret in the envelope, and uses a fresh nonce each time', () => {
    const a = cipher.encrypt(company, { apiKey: 'sandbox-api-key-pro' });
    const b = cipher.encrypt(company, { apiKey: 'sandbox-api-key-pro' });
    expect(a).not.toContain('sandbox-api-key-pro');
    expect(Buffer.from(a.split('.')[3], 'base64url').toString()).not.toContain('sandbox');
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    expect(a).not.toBe(b);
  });

  it('refuses a ciphertext moved to another company', () => {
    const envelope = cipher.encrypt(company, { apiKey: 'x' });
    expect(() => cipher.decrypt('c0000000-0000-4000-8000-000000000002', envelope)).toThrow(CredentialDecryptionError);
  });

  it('refuses an altered ciphertext', () => {
    const parts = cipher.encrypt(company, { apiKey: 'abcdef' }).split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    parts[3] = body.toString('base64url');
    expect(() => cipher.decrypt(company, parts.join('.'))).toThrow('could not be decrypted');
  });

  it('rotates: old ciphertexts still decrypt, new ones use the first key', () => {
    const oldKeys = newCredentialKeys('k1');
    const oldCipher = new CredentialCipher(parseCredentialKeys(oldKeys));
    const envelope = oldCipher.encrypt(company, { refreshToken: 'rt' });
    const rotated = new CredentialCipher(parseCredentialKeys(`${newCredentialKeys('k2')},${oldKeys}`));
    expect(rotated.decrypt(company, envelope)).toEqual({ refreshToken: 'rt' });
    expect(rotated.needsRotation(envelope)).toBe(true);
    expect(rotated.encrypt(company, { refreshToken: 'rt' }).split('.')[1]).toBe('k2');
    expect(() => new CredentialCipher(parseCredentialKeys(newCredentialKeys('k3'))).decrypt(company, envelope)).toThrow(
      'k1',
    );
  });

  it.each([
    ['', 'at least one key'],
    ['k1:short', '32 random bytes'],
    ['nokey', '32 random bytes'],
    [`${newCredentialKeys('k1')},${newCredentialKeys('k1')}`, 'unique'],
  ])('refuses a bad CREDENTIALS_KEYS (case %#)', (value, message) => {
    expect(() => parseCredentialKeys(value)).toThrow(message);
  });
});
