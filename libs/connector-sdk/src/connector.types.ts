import type { Attachment, AttachmentLimits, AttachmentRef } from './attachment.types';
import type { CallOptions } from './call-options';
import type { Account, TaxCode } from './chart.types';
import type { CredentialSchema } from './credential-schema.types';
import type { ExportResult, JournalEntryResult, LookupHint, LookupResult } from './export-result.types';
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

/** Who shares one rate-limit budget at the provider, so the queue keys its pacing the same way. */
export type RateLimitScope = 'organization' | 'connection' | 'client';

/**
 * What a provider accepts, declared so the host splits and refuses before sending. `attachments` is required
 * with the `attachments` capability and `journalEntriesPerBatch` with `journalEntries` (the registry checks).
 */
export interface ConnectorLimits {
  readonly attachments?: AttachmentLimits;
  /** The most entries one `postJournalEntries` call takes (Dinero: 1,000 per ledger). */
  readonly journalEntriesPerBatch?: number;
  /** Dinero counts its quota per organization (and client id). */
  readonly rateLimitScope: RateLimitScope;
}

/**
 * The request a write would send, rendered without I/O for the export preview. `path` keeps the literal
 * `{organizationId}` placeholder, so a rendering never depends on a connection; it never holds credentials.
 */
export interface ProviderRequest {
  readonly method: 'POST' | 'PUT';
  readonly path: string;
  /** The JSON body exactly as it would be sent. */
  readonly body: unknown;
}

/**
 * The contract every accounting provider implements. Every method that calls the provider takes the tenant's
 * connection and, last, optional `CallOptions`; it returns neutral types and fails only with `ConnectorError`.
 */
export interface Connector {
  /** The provider key, equal to the one given to `@AccountingConnector`. */
  readonly key: string;
  readonly capabilities: ConnectorCapabilities;
  readonly credentialSchema: CredentialSchema;
  readonly limits: ConnectorLimits;

  /** The provider's login page URL (capability `oauth`). */
  authorizationUrl?(request: AuthorizationRequest): string;
  /** Exchanges a login's code for credentials for the host to encrypt and store (capability `oauth`). */
  exchangeAuthorizationCode?(
    code: AuthorizationCode,
    options?: CallOptions,
  ): Promise<{ credentials: Readonly<Record<string, string>> }>;

  /** Checks the credentials and that the organization may use the API (e.g. has a paid plan). */
  verify(connection: ProviderConnection, options?: CallOptions): Promise<ConnectionCheck>;

  listAccounts?(connection: ProviderConnection, options?: CallOptions): Promise<Account[]>;
  listTaxCodes?(connection: ProviderConnection, options?: CallOptions): Promise<TaxCode[]>;
  /** Refuses a file outside `limits.attachments` (`too_large`, or `validation` for its type) before sending it. */
  uploadAttachment?(
    connection: ProviderConnection,
    attachment: Attachment,
    options?: CallOptions,
  ): Promise<AttachmentRef>;
  createExpenseVoucher?(
    connection: ProviderConnection,
    voucher: ExpenseVoucher,
    options?: CallOptions,
  ): Promise<ExportResult>;
  /** What `createExpenseVoucher` would send for `voucher`, without sending it; throws `ConnectorError` like it. */
  renderExpenseVoucher?(voucher: ExpenseVoucher): ProviderRequest;
  /** Finds a document whose create answer was lost: found, surely absent, or the provider cannot tell. */
  findByExternalRef?(
    connection: ProviderConnection,
    externalRef: ExternalRef,
    hint?: LookupHint,
    options?: CallOptions,
  ): Promise<LookupResult>;
  /**
   * One result per entry, in the order of `entries`, so one refused entry never hides the others' outcomes.
   * Throws only when the call as a whole failed (credentials, rate limit, no answer, more entries than
   * `limits.journalEntriesPerBatch`), which then holds for every entry alike.
   */
  postJournalEntries?(
    connection: ProviderConnection,
    entries: readonly JournalEntry[],
    options?: CallOptions,
  ): Promise<JournalEntryResult[]>;
  /** What `postJournalEntries` would send for `entries`, without sending it; throws `ConnectorError` like it. */
  renderJournalEntries?(entries: readonly JournalEntry[]): ProviderRequest;
  /**
   * Reads what changed since `cursor` (`null`: from now on). Providers without a change feed
   * answer for `watched`, the documents the host still waits on.
   */
  changesSince?(
    connection: ProviderConnection,
    cursor: ChangeCursor | null,
    watched?: readonly TrackedDocument[],
    options?: CallOptions,
  ): Promise<ChangesPage>;
}
