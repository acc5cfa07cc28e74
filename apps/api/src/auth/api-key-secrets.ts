import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'lb_';

export interface NewSecret {
  /** Shown once to the caller, never stored. */
  plaintext: string;
  /** Safe to store and show: lets a person tell keys apart. */
  prefix: string;
  hash: string;
}

// Keys carry 256 random bits, so a fast hash is enough: there is nothing to brute-force, unlike a password.
export function hashSecret(plaintext: string): string {
  return createHash('sha256').update(plaintext, 'utf8').digest('hex');
}

export function newSecret(): NewSecret {
  const plaintext = PREFIX + randomBytes(32).toString('base64url');
  return { plaintext, prefix: plaintext.slice(0, 10), hash: hashSecret(plaintext) };
}

export function fromGivenSecret(plaintext: string): NewSecret {
  return {
    plaintext,
    prefix: plaintext.slice(0, Math.min(10, Math.floor(plaintext.length / 4))),
    hash: hashSecret(plaintext),
  };
}

/** Reads `Authorization: Bearer …` or `X-Api-Key: …`; undefined when neither is sent. */
export function secretFromHeaders(headers: Record<string, string | string[] | undefined>): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim()) return apiKey.trim();
  const auth = headers['authorization'];
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (match) return match[1];
  }
  return undefined;
}
