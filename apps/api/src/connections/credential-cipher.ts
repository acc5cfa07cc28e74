import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One AES-256 key with its id; the id is stored beside each ciphertext so keys can be rotated. */
export interface CredentialKey {
  id: string;
  key: Buffer;
}

const VERSION = 'v1';

export class CredentialDecryptionError extends Error {
  override readonly name = 'CredentialDecryptionError';
}

/** Parses `CREDENTIALS_KEYS` ("id:base64key,…"); the first key encrypts, every key decrypts. */
export function parseCredentialKeys(value: string): CredentialKey[] {
  const keys = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [id, b64, ...rest] = part.split(':');
      const key = Buffer.from(b64 ?? '', 'base64');
      if (!id || rest.length > 0 || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32) {
        throw new Error('each entry must be "id:base64 of 32 random bytes", e.g. k1:…');
      }
      return { id, key };
    });
  if (keys.length === 0) throw new Error('at least one key is needed');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('key ids must be unique');
  return keys;
}

export function newCredentialKeys(id = 'k1'): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/**
 * AES-256-GCM with a fresh 96-bit nonce per encryption. The company id is bound in as associated data, so a
 * ciphertext copied to another company's row does not decrypt there.
 */
export class CredentialCipher {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: readonly CredentialKey[]) {
    if (keys.length === 0) throw new Error('CredentialCipher needs at least one key');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  encrypt(companyId: string, credentials: Readonly<Record<string, string>>): string {
    const { id, key } = this.keys[0];
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(aad(companyId));
    const body = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
    return [
      VERSION,
      id,
      nonce.toString('base64url'),
      body.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
    ].join('.');
  }

  decrypt(companyId: string, envelope: string): Record<string, string> {
    const [version, keyId, nonce, body, tag] = envelope.split('.');
    const key = this.byId.get(keyId ?? '');
    if (version !== VERSION || !key || !nonce || body === undefined || !tag) {
      throw new CredentialDecryptionError(
        `Stored credentials use a key (${keyId ?? '?'}) that CREDENTIALS_KEYS does not hold.`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAAD(aad(companyId));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      return JSON.parse(plain) as Record<string, string>;
    } catch {
      throw new CredentialDecryptionError(
        'Stored credentials could not be decrypted (altered, or bound to another company).',
      );
    }
  }

  /** Whether a ciphertext was made with an older key and should be re-encrypted with the current one. */
  needsRotation(envelope: string): boolean {
    return envelope.split('.')[1] !== this.keys[0].id;
  }
}

function aad(companyId: string): Buffer {
  return Buffer.from(`ledgerbridge:credentials:${VERSION}:${companyId}`, 'utf8');
}
