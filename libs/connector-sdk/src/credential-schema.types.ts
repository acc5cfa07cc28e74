/** One credential a provider needs; data, so the host can build forms, encrypt and redact from it. */
export interface CredentialField {
  /** The key under which the value travels in `ProviderConnection.credentials`. */
  readonly key: string;
  readonly label: string;
  /** Secret values are encrypted at rest and never logged or returned. */
  readonly secret: boolean;
  readonly description?: string;
  /** Missing optional values are not an error (e.g. a token the connector obtains itself). */
  readonly optional?: boolean;
}

/** The credentials a provider needs, in the order a form shows them. */
export type CredentialSchema = readonly CredentialField[];
