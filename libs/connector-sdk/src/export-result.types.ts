import type { AttachmentRef } from './attachment.types';
import type { ConnectorError } from './connector-error';

/** The kinds of document LedgerBridge creates at a provider. */
export type DocumentKind = 'expenseVoucher' | 'journalEntry';

/**
 * Where a document stands at the provider: `draft` waits for the accountant, `pending` is being booked
 * (Dinero books ledger items asynchronously), `booked` is final.
 */
export type DocumentStatus = 'draft' | 'pending' | 'booked';

/** What the host stores after a successful create. */
export interface ExportResult {
  /** The provider's id for the document (Dinero: voucher `Guid` or ledger item `Id`). */
  readonly providerId: string;
  readonly providerStatus: DocumentStatus;
  /** The provider's concurrency token (Dinero: `Timestamp` / `Version`), needed to change the document later. */
  readonly providerVersion?: string;
}

/** What the host still knows about a document whose create answer was lost, to help the lookup. */
export interface LookupHint {
  readonly kind: DocumentKind;
  /** Dinero finds draft vouchers only through the receipt they use. */
  readonly attachmentRef?: AttachmentRef;
  /** The caller-chosen id of a journal entry. */
  readonly journalEntryId?: string;
}

/**
 * A lookup's three answers. `absent` is a promise that the document does not exist, so the host may create it
 * again; `unknown` says the provider cannot tell (e.g. no receipt to search by) and the export stays `in_doubt`.
 * A failed call throws a ConnectorError instead.
 */
export type LookupResult =
  | ({ readonly kind: 'found' } & ExportResult)
  | { readonly kind: 'absent' }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * One journal entry's outcome in a batch, in the order of the input: `ok` was created, `duplicate` means the
 * provider already holds an entry with that id (an earlier send arrived), `failed` was refused with its own error.
 */
export type JournalEntryResult =
  | ({ readonly kind: 'ok'; readonly entryId: string } & ExportResult)
  | { readonly kind: 'duplicate'; readonly entryId: string; readonly providerId?: string }
  | { readonly kind: 'failed'; readonly entryId: string; readonly error: ConnectorError };
