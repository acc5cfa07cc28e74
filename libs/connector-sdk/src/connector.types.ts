import type { Attachment, AttachmentRef } from './attachment.types';
import type { Account, TaxCode } from './chart.types';
import type { CredentialSchema } from './credential-schema.types';
import type { ExportResult, LookupHint } from './export-result.types';
import type { ExternalRef } from './external-ref.types';
import type { ChangeCursor, ChangesPage, TrackedDocument } from './provider-change.types';
import type { ConnectionCheck, ProviderConnection } from './provider-connection.types';
import type { ExpenseVoucher, JournalEntry } from './voucher.types';

/**
 * What a provider can do. Each true flag requires its method (see CAPABILITY_METHODS);
 * a false flag means the method is absent, never stubbed.
 */
export interface ConnectorCapabilities {
  readonly accounts: boolean;
  readonly taxCodes: boolean;
  readonly attachments: boolean;
  readonly expenseVouchers: boolean;
  readonly journalEntries: boolean;
  /** False when no lookup exists: a lost create answer then leaves the export in doubt. */
  readonly externalRefLookup: boolean;
  readonly statusTracking: boolean;
  /** An OAuth login (authorize URL, then a code exchanged for credentials) besides credentials given directly. */
  readonly oauth: boolean;
}

/** What the provider's login sends back to the redirect URI. */
export interface AuthorizationCode {
  readonly code: string;
  readonly redirectUri: string;
}

/** Where to send the user to log in and consent; `state` comes back unchanged with the code. */
export interface AuthorizationRequest {
  readonly state: string;
  readonly redirectUri: string;
}

export type Capability = keyof ConnectorCapabilities;

/**
 * The contract every accounting provider implements. Every method takes the tenant's connection,
 * returns neutral types and fails only with `ConnectorError`.
 */
export interface Connector {
  /** The provider key, equal to the one given to `@AccountingConnector`. */
  readonly key: string;
  readonly capabilities: ConnectorCapabilities;
  readonly credentialSchema: CredentialSchema;

  /** The provider's login page URL (capability `oauth`). */
  authorizationUrl?(request: AuthorizationRequest): string;
  /** Exchanges a login's code for credentials for the host to encrypt and store (capability `oauth`). */
  exchangeAuthorizationCode?(code: AuthorizationCode): Promise<{ credentials: Readonly<Record<string, string>> }>;

  /** Checks the credentials and that the organization may use the API (e.g. has a paid plan). */
  verify(connection: ProviderConnection): Promise<ConnectionCheck>;

  listAccounts?(connection: ProviderConnection): Promise<Account[]>;
  listTaxCodes?(connection: ProviderConnection): Promise<TaxCode[]>;
  uploadAttachment?(connection: ProviderConnection, attachment: Attachment): Promise<AttachmentRef>;
  createExpenseVoucher?(connection: ProviderConnection, voucher: ExpenseVoucher): Promise<ExportResult>;
  /** Finds a document whose create answer was lost; `null` when it surely does not exist. */
  findByExternalRef?(
    connection: ProviderConnection,
    externalRef: ExternalRef,
    hint?: LookupHint,
  ): Promise<ExportResult | null>;
  /** Results are in the order of `entries`. */
  postJournalEntries?(connection: ProviderConnection, entries: readonly JournalEntry[]): Promise<ExportResult[]>;
  /**
   * Reads what changed since `cursor` (`null`: from now on). Providers without a change feed
   * answer for `watched`, the documents the host still waits on.
   */
  changesSince?(
    connection: ProviderConnection,
    cursor: ChangeCursor | null,
    watched?: readonly TrackedDocument[],
  ): Promise<ChangesPage>;
}
