import { randomUUID } from 'node:crypto';
import {
  AccountingConnector,
  attachmentLimitError,
  ConnectorError,
  journalEntryProblems,
  throwIfCallStopped,
  type Attachment,
  type AttachmentRef,
  type CallOptions,
  type ChangeCursor,
  type ChangesPage,
  type ConnectionCheck,
  type Connector,
  type ConnectorCapabilities,
  type ConnectorLimits,
  type ExpenseVoucher,
  type ExportResult,
  type ExternalRef,
  type JournalEntry,
  type JournalEntryResult,
  type LookupHint,
  type LookupResult,
  type ProviderConnection,
  type TrackedDocument,
} from '@ledgerbridge/connector-sdk';
import type { ConformanceSamples } from '../conformance-target.types';

export const BOOKS_CAPABILITIES: ConnectorCapabilities = {
  accounts: false,
  taxCodes: false,
  attachments: true,
  expenseVouchers: true,
  journalEntries: true,
  externalRefLookup: true,
  statusTracking: true,
  oauth: false,
};

/**
 * An honest in-memory provider with every write capability. Like Dinero, it finds a voucher only through its
 * receipt, so a lookup without one answers `unknown`. Subclasses break one rule each.
 */
@AccountingConnector({ key: 'fake-ledger', rateLimit: { requests: 60, perMs: 60_000 } })
export class InMemoryBooks implements Connector {
  readonly key: string = 'fake-ledger';
  readonly credentialSchema = [{ key: 'apiKey', label: 'API key', secret: true }];
  readonly capabilities: ConnectorCapabilities = BOOKS_CAPABILITIES;
  readonly limits: ConnectorLimits = {
    rateLimitScope: 'organization',
    attachments: { maxBytes: 1024, contentTypes: ['application/pdf', 'image/png'] },
    journalEntriesPerBatch: 5,
  };
  private readonly files = new Set<string>();
  private readonly vouchers = new Map<ExternalRef, { readonly id: string; readonly fileId?: string }>();
  private readonly entries = new Set<string>();

  open(companyId: string): ProviderConnection {
    return { companyId, organizationId: '7000', credentials: { apiKey: 'books-key-7000' } };
  }

  async verify(connection: ProviderConnection, options?: CallOptions): Promise<ConnectionCheck> {
    this.stop(options, 'verifying');
    this.authorize(connection);
    return { organizationId: connection.organizationId };
  }

  async uploadAttachment(
    connection: ProviderConnection,
    file: Attachment,
    options?: CallOptions,
  ): Promise<AttachmentRef> {
    this.stop(options, 'uploading a receipt');
    this.authorize(connection);
    const refused = this.refusal(file);
    if (refused !== undefined) throw refused;
    const id = `file-${randomUUID()}`;
    this.files.add(id);
    return { id };
  }

  async createExpenseVoucher(
    connection: ProviderConnection,
    voucher: ExpenseVoucher,
    options?: CallOptions,
  ): Promise<ExportResult> {
    this.stop(options, 'creating a voucher');
    this.authorize(connection);
    if (voucher.lines.length === 0)
      throw new ConnectorError('validation', 'A voucher needs lines.', { field: 'lines' });
    const id = `voucher-${randomUUID()}`;
    this.vouchers.set(voucher.externalRef, { id, ...(voucher.attachmentRef && { fileId: voucher.attachmentRef.id }) });
    return { providerId: id, providerStatus: 'draft' };
  }

  async findByExternalRef(
    connection: ProviderConnection,
    externalRef: ExternalRef,
    hint?: LookupHint,
    options?: CallOptions,
  ): Promise<LookupResult> {
    this.stop(options, 'looking a document up');
    this.authorize(connection);
    if (hint?.kind === 'journalEntry' && hint.journalEntryId !== undefined) {
      return this.entries.has(hint.journalEntryId)
        ? { kind: 'found', providerId: hint.journalEntryId, providerStatus: 'booked' }
        : { kind: 'absent' };
    }
    const fileId = hint?.attachmentRef?.id;
    if (fileId === undefined) return { kind: 'unknown', reason: 'drafts are found only through their receipt' };
    const voucher = this.vouchers.get(externalRef);
    return voucher?.fileId === fileId
      ? { kind: 'found', providerId: voucher.id, providerStatus: 'draft' }
      : { kind: 'absent' };
  }

  async postJournalEntries(
    connection: ProviderConnection,
    entries: readonly JournalEntry[],
    options?: CallOptions,
  ): Promise<JournalEntryResult[]> {
    this.stop(options, 'posting journal entries');
    this.authorize(connection);
    const limit = this.limits.journalEntriesPerBatch ?? 0;
    if (this.refusesOversizeBatches && entries.length > limit) {
      throw new ConnectorError('validation', `At most ${limit} entries per batch, got ${entries.length}.`);
    }
    return entries.map((entry): JournalEntryResult => {
      const problems = journalEntryProblems(entry);
      if (problems.length > 0) {
        return { kind: 'failed', entryId: entry.id, error: new ConnectorError('validation', problems.join('; ')) };
      }
      if (this.entries.has(entry.id)) return { kind: 'duplicate', entryId: entry.id, providerId: entry.id };
      this.entries.add(entry.id);
      return { kind: 'ok', entryId: entry.id, providerId: entry.id, providerStatus: 'pending' };
    });
  }

  /** No change feed, like Dinero: each watched document's state, a missing one as deleted. */
  async changesSince(
    connection: ProviderConnection,
    _cursor: ChangeCursor | null,
    watched: readonly TrackedDocument[] = [],
    options?: CallOptions,
  ): Promise<ChangesPage> {
    this.stop(options, 'reading changes');
    this.authorize(connection);
    const voucherIds = new Set([...this.vouchers.values()].map((voucher) => voucher.id));
    const changes = watched.map((doc) => {
      const known = doc.kind === 'journalEntry' ? this.entries.has(doc.providerId) : voucherIds.has(doc.providerId);
      const status = !known ? 'deleted' : doc.kind === 'journalEntry' ? 'booked' : 'draft';
      return { providerId: doc.providerId, status } as const;
    });
    return { changes, nextCursor: 'now', hasMore: false };
  }

  protected readonly refusesOversizeBatches: boolean = true;

  protected refusal(file: Attachment): ConnectorError | undefined {
    const limits = this.limits.attachments;
    return limits === undefined ? undefined : attachmentLimitError(limits, file);
  }

  protected stop(options: CallOptions | undefined, action: string): void {
    throwIfCallStopped(options, Date.now(), action);
  }

  private authorize(connection: ProviderConnection): void {
    if (connection.credentials['apiKey'] !== 'books-key-7000') throw new ConnectorError('authentication', 'Refused.');
    if (connection.organizationId !== '7000') {
      throw new ConnectorError('not_found', `Organization ${connection.organizationId} does not exist.`);
    }
  }
}

/** Refuses the whole batch for one bad entry, hiding whether the good ones could go in. */
@AccountingConnector({ key: 'fake-hides-items', rateLimit: { requests: 60, perMs: 60_000 } })
export class HidesBadItemBooks extends InMemoryBooks {
  override readonly key: string = 'fake-hides-items';

  override async postJournalEntries(
    connection: ProviderConnection,
    entries: readonly JournalEntry[],
    options?: CallOptions,
  ): Promise<JournalEntryResult[]> {
    if (entries.some((entry) => journalEntryProblems(entry).length > 0)) {
      throw new ConnectorError('validation', 'The batch was refused.');
    }
    return super.postJournalEntries(connection, entries, options);
  }
}

/** Answers `null` when it cannot tell, which the host would read as "surely absent" and create a duplicate. */
@AccountingConnector({ key: 'fake-null-lookup', rateLimit: { requests: 60, perMs: 60_000 } })
export class NullForCannotTellBooks extends InMemoryBooks {
  override readonly key: string = 'fake-null-lookup';

  override async findByExternalRef(
    connection: ProviderConnection,
    externalRef: ExternalRef,
    hint?: LookupHint,
    options?: CallOptions,
  ): Promise<LookupResult> {
    const answer = await super.findByExternalRef(connection, externalRef, hint, options);
    return answer.kind === 'unknown' ? (null as unknown as LookupResult) : answer;
  }
}

/** Takes `CallOptions` and ignores them. */
@AccountingConnector({ key: 'fake-ignores-abort', rateLimit: { requests: 60, perMs: 60_000 } })
export class IgnoresAbortBooks extends InMemoryBooks {
  override readonly key: string = 'fake-ignores-abort';
  protected override stop(): void {
    return; // the options are accepted and dropped
  }
}

/** Declares limits it does not keep: bigger files and batches go through. */
@AccountingConnector({ key: 'fake-over-limits', rateLimit: { requests: 60, perMs: 60_000 } })
export class ExceedsLimitsBooks extends InMemoryBooks {
  override readonly key: string = 'fake-over-limits';
  protected override readonly refusesOversizeBatches: boolean = false;
  protected override refusal(): undefined {
    return undefined;
  }
}

/** Claims status tracking but never reports the documents it is asked about. */
@AccountingConnector({ key: 'fake-silent-tracking', rateLimit: { requests: 60, perMs: 60_000 } })
export class SilentTrackingBooks extends InMemoryBooks {
  override readonly key: string = 'fake-silent-tracking';

  override async changesSince(): Promise<ChangesPage> {
    return { changes: [], nextCursor: 'now', hasMore: false };
  }
}

/** Documents the in-memory books accept. */
export const BOOKS_SAMPLES: ConformanceSamples = {
  expenseVoucher: (_connection, externalRef, attachmentRef) => ({
    date: '2025-11-20',
    paidFromAccount: '55010',
    externalRef,
    ...(attachmentRef && { attachmentRef }),
    lines: [
      {
        accountNumber: '3100',
        description: 'Café Norden',
        amount: { amountMinor: 50_000n, currency: 'DKK' },
        taxCode: 'I25',
      },
    ],
  }),
  journalEntry: (_connection, id) => ({
    id,
    date: '2025-11-21',
    lines: [
      {
        accountNumber: '55020',
        amount: { amountMinor: 45_000n, currency: 'DKK' },
        description: 'Refusion',
        taxCode: 'none',
      },
      {
        accountNumber: '55000',
        amount: { amountMinor: -45_000n, currency: 'DKK' },
        description: 'Refusion',
        taxCode: 'none',
      },
    ],
  }),
};
