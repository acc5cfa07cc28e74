import type { AttachmentRef } from './attachment.types';

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
