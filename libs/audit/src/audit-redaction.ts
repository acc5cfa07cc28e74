/** Field names whose values never enter the audit trail, at any depth. */
const SECRET_FIELD = /secret|token|password|passphrase|apikey|api_key|credential|authorization|privatekey/i;

export const REDACTED = '[redacted]';

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET_FIELD.test(k) ? REDACTED : redactSecrets(v),
      ]),
    );
  }
  return value;
}
