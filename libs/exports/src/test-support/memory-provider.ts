import { randomUUID } from 'node:crypto';
import {
  ConnectorError,
  type Attachment,
  type AttachmentRef,
  type ConnectorRegistry,
  type ExpenseVoucher,
  type ExportResult,
  type ExternalRef,
  type JournalEntry,
  type JournalEntryResult,
  type LookupHint,
  type LookupResult,
  type ProviderConnection,
} from '@ledgerbridge/connector-sdk';
import type { ConnectionEntity } from '@ledgerbridge/persistence';
import { memoryPacingStore, PacingBudget, type CallAllowance, type Reservation } from '@ledgerbridge/queue';
import type { ExportConnections, ExportReceipts } from '../export-write-ports';

/** A fault the next matching call suffers: refuse it, or commit it and lose the answer ("commit then fail"). */
type Fault = { on: 'upload' | 'create' | 'post' | 'lookup'; then: 'refuse' | 'commit_and_lose'; error: ConnectorError };

/**
 * Honest in-memory books with Dinero's lookup rules: a voucher is found only through its receipt, a journal entry
 * by its id; a reused entry id answers duplicate. Every request spends one call of the connection's budget.
 */
export class MemoryProvider {
  readonly key = 'dinero';
  readonly capabilities = {
    accounts: false,
    taxCodes: false,
    attachments: true,
    expenseVouchers: true,
    journalEntries: true,
    externalRefLookup: true,
    statusTracking: false,
    oauth: false,
  };
  readonly credentialSchema = [];
  readonly limits = {
    rateLimitScope: 'organization' as const,
    attachments: { maxBytes: 1_000_000, contentTypes: ['application/pdf'] },
    journalEntriesPerBatch: 100,
  };
  readonly files = new Map<string, Attachment>();
  readonly vouchers: (ExpenseVoucher & { id: string })[] = [];
  readonly entries: (JournalEntry & { providerId: string })[] = [];
  /** Every request in order, with what the database held at that moment when `observe` says so. */
  readonly calls: string[] = [];
  readonly faults: Fault[] = [];
  lookupSaysUnknown = false;
  /** Entries (by id) the next posts refuse, each with its own error, the rest of the batch taken. */
  readonly refuseEntries = new Map<string, ConnectorError>();
  /** The book step fails: new entries stay `draft`, and a later post of the same entry (duplicate) books it. */
  bookFails = false;
  /** Ids of entries created but not booked. */
  readonly drafts = new Set<string>();
  /** Called right before each create, e.g. to read what the host stored before it. */
  beforeCreate: (() => Promise<void>) | undefined;
  /** Called once a receipt is stored, before its answer leaves, e.g. to let another worker take the lease over. */
  afterUpload: (() => Promise<void>) | undefined;

  async verify() {
    return { organizationId: '100001' };
  }

  async uploadAttachment(connection: ProviderConnection, file: Attachment): Promise<AttachmentRef> {
    await this.request(connection, 'upload');
    const id = `file-${randomUUID()}`;
    this.files.set(id, file);
    await this.afterUpload?.();
    return this.after('upload', { id });
  }

  async createExpenseVoucher(connection: ProviderConnection, voucher: ExpenseVoucher): Promise<ExportResult> {
    await this.beforeCreate?.();
    await this.request(connection, 'create');
    const id = `voucher-${randomUUID()}`;
    this.vouchers.push({ ...voucher, id });
    return this.after('create', { providerId: id, providerStatus: 'draft', providerVersion: 'ts-1' });
  }

  async postJournalEntries(connection: ProviderConnection, entries: readonly JournalEntry[]) {
    await this.request(connection, 'post');
    const results: JournalEntryResult[] = entries.map((entry) => {
      const refusal = this.refuseEntries.get(entry.id);
      if (refusal) return { kind: 'failed', entryId: entry.id, error: refusal };
      const held = this.entries.find((e) => e.id === entry.id);
      if (held) {
        if (!this.bookFails) this.drafts.delete(entry.id);
        return { kind: 'duplicate', entryId: entry.id, providerId: held.providerId };
      }
      this.entries.push({ ...entry, providerId: entry.id });
      if (this.bookFails) this.drafts.add(entry.id);
      const providerStatus = this.bookFails ? 'draft' : 'pending';
      return { kind: 'ok', entryId: entry.id, providerId: entry.id, providerStatus };
    });
    return this.after('post', results);
  }

  async findByExternalRef(connection: ProviderConnection, ref: ExternalRef, hint?: LookupHint): Promise<LookupResult> {
    await this.request(connection, 'lookup');
    if (this.lookupSaysUnknown) return { kind: 'unknown', reason: 'The provider could not tell.' };
    if (hint?.kind === 'journalEntry') {
      const held = this.entries.find((e) => e.id === hint.journalEntryId);
      const providerStatus = held && this.drafts.has(held.id) ? 'draft' : 'pending';
      return held ? { kind: 'found', providerId: held.providerId, providerStatus } : { kind: 'absent' };
    }
    if (!hint?.attachmentRef) return { kind: 'unknown', reason: 'A voucher without a receipt cannot be found.' };
    const held = this.vouchers.find((v) => v.attachmentRef?.id === hint.attachmentRef?.id && v.externalRef === ref);
    return held ? { kind: 'found', providerId: held.id, providerStatus: 'draft' } : { kind: 'absent' };
  }

  private async request(connection: ProviderConnection, what: Fault['on']): Promise<void> {
    await connection.callBudget?.take();
    this.calls.push(what);
    const fault = this.faults.find((f) => f.on === what);
    if (fault?.then === 'refuse') {
      this.faults.splice(this.faults.indexOf(fault), 1);
      throw fault.error;
    }
  }

  private after<T>(what: Fault['on'], answer: T): T {
    const fault = this.faults.find((f) => f.on === what && f.then === 'commit_and_lose');
    if (!fault) return answer;
    this.faults.splice(this.faults.indexOf(fault), 1);
    throw fault.error;
  }
}

/** The ports the writer needs, over one MemoryProvider and an in-memory budget. */
export function memoryPorts(provider: MemoryProvider, allowance: CallAllowance = { requests: 60, perMs: 60_000 }) {
  const pacing = new PacingBudget(memoryPacingStore());
  const registry = {
    has: (key: string) => key === provider.key,
    get: () => provider,
  } as unknown as ConnectorRegistry;
  const connections: ExportConnections = {
    allowance: () => allowance,
    forStored: (connection: ConnectionEntity, reservation?: Reservation) => ({
      companyId: connection.companyId,
      organizationId: connection.organizationId,
      credentials: { apiKey: 'test-key' },
      callBudget: pacing.budgetFor(`${connection.providerKey}:${connection.organizationId}`, allowance, reservation),
    }),
  };
  const receiptBytes = new Map<string, Uint8Array>();
  const receipts: ExportReceipts = { get: async (sha256) => receiptBytes.get(sha256) };
  return { pacing, registry, connections, receipts, receiptBytes, allowance };
}
