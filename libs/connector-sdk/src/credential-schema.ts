import type { CredentialSchema } from './credential-schema.types';

/** What every secret value is replaced with; fixed, so its length reveals nothing. */
export const CREDENTIAL_MASK = '********';

/**
 * Copies `values` with every secret field masked. A value the schema does not declare is masked too,
 * because an undeclared field cannot be known to be harmless.
 */
export function redactCredentials(
  schema: CredentialSchema,
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  const publicKeys = new Set(schema.filter((field) => !field.secret).map((field) => field.key));
  const redacted: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    redacted[key] = publicKeys.has(key) ? value : CREDENTIAL_MASK;
  }
  return redacted;
}

/** The keys of required fields that are absent or blank in `values`, in schema order. */
export function missingCredentialFields(
  schema: CredentialSchema,
  values: Readonly<Record<string, string | undefined>>,
): string[] {
  return schema
    .filter((field) => !field.optional)
    .filter((field) => {
      const value = values[field.key];
      return value === undefined || value.trim() === '';
    })
    .map((field) => field.key);
}

/** Returns why the schema is unusable (empty or duplicate keys), or `undefined` when it is fine. */
export function credentialSchemaProblem(schema: CredentialSchema): string | undefined {
  const seen = new Set<string>();
  for (const field of schema) {
    if (field.key.trim() === '') return 'a field has an empty key';
    if (seen.has(field.key)) return `the field "${field.key}" is declared twice`;
    seen.add(field.key);
  }
  return undefined;
}
