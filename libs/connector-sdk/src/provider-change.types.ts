import type { DocumentKind, DocumentStatus } from './export-result.types';
import type { ExternalRef } from './external-ref.types';

/** An opaque position in a provider's change feed; stored by the host, read only by the connector. */
export type ChangeCursor = string;

/** A document the host is waiting on, for providers that can only be asked document by document. */
export interface TrackedDocument {
  readonly providerId: string;
  readonly kind: DocumentKind;
  readonly externalRef?: ExternalRef;
}

/** A document's new state at the provider; `deleted` when the accountant removed it. */
export interface ProviderChange {
  readonly providerId: string;
  readonly externalRef?: ExternalRef;
  readonly status: DocumentStatus | 'deleted';
  readonly providerVersion?: string;
  /** The number the provider gave the document on booking (Dinero: `VoucherNumber`). */
  readonly voucherNumber?: string;
}

/** One page of changes; call again with `nextCursor` while `hasMore`. */
export interface ChangesPage {
  readonly changes: readonly ProviderChange[];
  readonly nextCursor: ChangeCursor;
  readonly hasMore: boolean;
}
