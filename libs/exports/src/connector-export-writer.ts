import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ConnectorRegistry,
  isConnectorError,
  type AttachmentRef,
  type Connector,
  type ConnectorError,
  type ExportResult,
  type LookupHint,
  type ProviderConnection,
} from '@ledgerbridge/connector-sdk';
import { ConnectionEntity, ExportEntity, findRow, TransactionReceiptEntity } from '@ledgerbridge/persistence';
import { PacingBudget, pacingPlan, type Reservation } from '@ledgerbridge/queue';
import { DataSource } from 'typeorm';
import { ExportLedger, leaseIsFresh, type ExportError } from './export-ledger';
import type { ExportWriter, JournalItem, Sendable, WriteOutcome } from './export-runner';
import { EXPORT_WORKER_OPTIONS, type ExportWorkerOptions } from './export-worker-options';
import { EXPORT_CONNECTIONS, EXPORT_RECEIPTS, type ExportConnections, type ExportReceipts } from './export-write-ports';
import { cannotWrite, exported, noResult, reconnect, unbooked } from './write-outcomes';

/** What `prepare` found before the claim: where to write and the calls reserved for it, or why it cannot. */
export type WritePlan =
  | { readonly problem: ExportError }
  | {
      readonly problem?: undefined;
      readonly connection: ConnectionEntity;
      readonly connector: Connector;
      readonly receipt: TransactionReceiptEntity | null;
      readonly reservation: Reservation;
    };

interface Call {
  readonly row: ExportEntity;
  readonly owner: string;
  readonly connector: Connector;
  readonly connection: ProviderConnection;
}

/** A journal entry an earlier claim may have written (it is looked up by its own id, so a lookup is cheap). */
const mayHaveWritten = (row: ExportEntity) => row.attempts > 1 || row.attachmentRef !== null;

/**
 * The provider write of one export, through the connector of the company's connection: the receipt first (its
 * handle stored before the create), then the voucher or journal entry; a lost answer is looked up, never resent.
 */
@Injectable()
export class ConnectorExportWriter implements ExportWriter {
  private readonly logger = new Logger(ConnectorExportWriter.name);
  readonly built = true;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: ExportLedger,
    private readonly registry: ConnectorRegistry,
    private readonly pacing: PacingBudget,
    @Inject(EXPORT_CONNECTIONS) private readonly connections: ExportConnections,
    @Inject(EXPORT_RECEIPTS) private readonly receipts: ExportReceipts,
    @Inject(EXPORT_WORKER_OPTIONS) private readonly options: ExportWorkerOptions,
  ) {}

  /** Before the claim, so a spent budget (PutBack, thrown) leaves the export queued and its attempts uncounted. */
  async prepare(row: ExportEntity, postings: Sendable): Promise<WritePlan> {
    const m = this.dataSource.manager;
    const connection = await findRow(m, ConnectionEntity, { companyId: row.companyId, status: 'connected' });
    if (!connection) {
      const message = 'The company has no active connection to its accounting provider: connect it, then re-export.';
      return { problem: { code: 'not_connected', message } };
    }
    if (connection.providerKey !== row.providerKey) {
      const message = `This export was made for ${row.providerKey}, but the company is now connected to ${connection.providerKey}: re-export it.`;
      return { problem: { code: 'connection_replaced', message } };
    }
    if (!this.registry.has(row.providerKey)) {
      return { problem: { code: 'provider_not_mounted', message: `The provider ${row.providerKey} is not mounted.` } };
    }
    const connector = this.registry.get(row.providerKey);
    const can = connector.capabilities;
    if (postings.kind === 'expense_voucher' ? !can.expenseVouchers : !can.journalEntries) {
      return {
        problem: cannotWrite(row, postings.kind === 'expense_voucher' ? 'expense vouchers' : 'journal entries').error,
      };
    }
    const receipt =
      postings.kind === 'expense_voucher' && can.attachments
        ? await findRow(m, TransactionReceiptEntity, { transactionId: row.transactionId, companyId: row.companyId })
        : null;
    // Plan calls, not jobs: receipt 1 + voucher 1, or create + book 2; a lookup first costs about two more.
    const writeCalls = postings.kind === 'expense_voucher' ? (receipt && row.attachmentRef === null ? 2 : 1) : 2;
    const lookupCalls = row.attempts > 0 || row.attachmentRef !== null ? 2 : 0;
    const allowance = this.connections.allowance(row.providerKey, connection.authMethod);
    const calls = Math.min(writeCalls + lookupCalls, pacingPlan(allowance).requests);
    const scope = `${row.providerKey}:${connection.organizationId}`;
    const reservation = await this.pacing.reserveOrPutBack(scope, allowance, calls, row.id);
    return { connection, connector, receipt, reservation };
  }

  async write(row: ExportEntity, postings: Sendable, owner: string, prepared?: unknown): Promise<WriteOutcome> {
    const plan = (prepared as WritePlan | undefined) ?? (await this.prepare(row, postings));
    if (plan.problem) return { kind: 'needs_attention', error: plan.problem };
    if (postings.kind === 'journal_entry') {
      const [outcome] = await this.writeJournalBatch([{ row, entry: postings.entry }], owner, plan);
      return outcome ?? noResult();
    }
    const connection = this.connectionFor(plan);
    if (!connection) return reconnect();
    const call: Call = { row, owner, connector: plan.connector, connection };
    // The receipt prepare() read is this attempt's: the row was read before it, and the claim expected that row
    // unchanged (ExportLedger.claim with `seen`), while a receipt changes only with its export out of the queue.
    try {
      return await this.expense(call, postings, plan.receipt);
    } catch (err) {
      if (!isConnectorError(err)) throw err;
      // Reached only by calls that wrote nothing (lookups, uploads, refusals): a lost create is handled where made.
      return this.refused(err);
    }
  }

  journalBatchLimit(prepared: unknown): number {
    const plan = prepared as WritePlan | undefined;
    if (!plan || plan.problem || !plan.connector.postJournalEntries) return 0;
    return Math.max(1, Math.min(plan.connector.limits.journalEntriesPerBatch ?? 1, this.options.journalBatchMax));
  }

  /**
   * One postJournalEntries for every item (ids are export ids, so a resend answers duplicate); items an earlier
   * attempt may have written are looked up first, a lost answer is looked up item by item, never resent here.
   */
  async writeJournalBatch(items: readonly JournalItem[], owner: string, prepared: unknown): Promise<WriteOutcome[]> {
    const plan = prepared as WritePlan;
    if (plan.problem) return items.map(() => ({ kind: 'needs_attention', error: plan.problem }));
    const post = plan.connector.postJournalEntries?.bind(plan.connector);
    if (!post) return items.map(({ row }) => cannotWrite(row, 'journal entries'));
    const connection = this.connectionFor(plan);
    if (!connection) return items.map(reconnect);
    const outcomes = new Map<string, WriteOutcome>();
    const callOf = (item: JournalItem): Call => ({ row: item.row, owner, connector: plan.connector, connection });
    const sendable: JournalItem[] = [];
    for (const item of items) {
      const earlier = mayHaveWritten(item.row)
        ? await this.settle(() => this.lookUp(callOf(item), refOf(item), hintOf(item)))
        : 'absent';
      // A found draft was created but not booked: posting it again answers duplicate and books it.
      if (earlier === 'absent' || (earlier.kind === 'released' && earlier.error?.code === 'not_booked'))
        sendable.push(item);
      else outcomes.set(item.row.id, earlier);
    }
    // Each item's own lease, checked and extended in the database (one guarded update) right before the one call,
    // unless the claim that answered these rows took it within the last second (leaseIsFresh).
    const ttlMs = this.options.leaseTtlMs;
    const fresh = new Set(sendable.filter((item) => leaseIsFresh(item.row, owner, ttlMs)).map((item) => item.row.id));
    const stale = sendable.filter((item) => !fresh.has(item.row.id)).map((item) => item.row.id);
    const held = await this.ledger.extendLeases(stale, sendable[0]?.row.companyId ?? '', owner, ttlMs);
    for (const id of fresh) held.add(id);
    const send = sendable.filter((item) => held.has(item.row.id));
    for (const item of sendable) if (!held.has(item.row.id)) outcomes.set(item.row.id, { kind: 'lease_lost' });
    if (send.length > 0) await this.post(send, callOf, outcomes, (entries) => post(connection, entries));
    return items.map(({ row }) => outcomes.get(row.id) ?? noResult());
  }

  private async post(
    send: readonly JournalItem[],
    callOf: (item: JournalItem) => Call,
    outcomes: Map<string, WriteOutcome>,
    post: (entries: JournalItem['entry'][]) => ReturnType<NonNullable<Connector['postJournalEntries']>>,
  ): Promise<void> {
    const lookUpEach = async (lost: ConnectorError, only = send) => {
      for (const item of only)
        outcomes.set(item.row.id, unbooked(await this.lookUpAfterLoss(callOf(item), refOf(item), hintOf(item), lost)));
    };
    let results;
    try {
      results = await post(send.map((item) => item.entry));
    } catch (err) {
      if (!isConnectorError(err)) throw err;
      if (err.outcomeUnknown) return lookUpEach(err);
      for (const item of send) outcomes.set(item.row.id, this.refused(err));
      return;
    }
    for (const item of send) {
      const result = results.find((r) => r.entryId === item.entry.id);
      if (!result) {
        const message =
          'The provider answered the batch with no result for this journal entry; look it up, then resolve.';
        outcomes.set(item.row.id, { kind: 'in_doubt', error: { code: 'answer_lost', message } });
      } else if (result.kind === 'ok') outcomes.set(item.row.id, unbooked(exported(result)));
      else if (result.kind === 'duplicate')
        outcomes.set(item.row.id, { kind: 'exported', providerId: result.providerId ?? item.entry.id });
      else if (result.error.outcomeUnknown) await lookUpEach(result.error, [item]);
      else outcomes.set(item.row.id, this.refused(result.error));
    }
  }

  /** A lookup before a resend: its own refusal (e.g. rate limited) settles only this item, never the batch. */
  private async settle(lookUp: () => Promise<WriteOutcome | 'absent'>): Promise<WriteOutcome | 'absent'> {
    try {
      const found = await lookUp();
      return found === 'absent' ? found : unbooked(found);
    } catch (err) {
      if (!isConnectorError(err)) throw err;
      return this.refused(err);
    }
  }

  private connectionFor(plan: Extract<WritePlan, { connector: Connector }>): ProviderConnection | undefined {
    try {
      return this.connections.forStored(plan.connection, plan.reservation);
    } catch {
      return undefined;
    }
  }

  private async expense(
    call: Call,
    postings: Extract<Sendable, { kind: 'expense_voucher' }>,
    receipt: TransactionReceiptEntity | null,
  ): Promise<WriteOutcome> {
    const { row, connector, connection } = call;
    const create = connector.createExpenseVoucher?.bind(connector);
    if (!create) return cannotWrite(row, 'expense vouchers');
    let attachmentRef: AttachmentRef | undefined = row.attachmentRef ? { id: row.attachmentRef } : undefined;
    const hint = (): LookupHint => ({ kind: 'expenseVoucher', ...(attachmentRef && { attachmentRef }) });
    // Only a create that was sent can have made a voucher; the mark is stored before every create.
    if (row.createSentAt !== null) {
      const earlier = await this.lookUp(call, postings.voucher.externalRef, hint());
      if (earlier !== 'absent') return earlier;
    }
    if (!attachmentRef && receipt && connector.uploadAttachment) {
      const bytes = await this.receipts.get(receipt.sha256);
      if (!bytes) {
        const message = `The receipt ${receipt.fileName} is missing from the receipt store: upload it again, then re-export.`;
        return { kind: 'needs_attention', error: { code: 'receipt_missing', message } };
      }
      if (!(await this.extend(call))) return { kind: 'lease_lost' };
      attachmentRef = await connector.uploadAttachment(connection, {
        fileName: receipt.fileName,
        contentType: receipt.contentType,
        bytes,
      });
    }
    // The receipt's handle is stored with the mark, before the create: the only way to find the voucher again if the
    // create's answer is lost.
    if (!(await this.markCreateSent(call, attachmentRef))) return { kind: 'lease_lost' };
    let result: ExportResult;
    try {
      result = await create(connection, {
        ...postings.voucher,
        ...(attachmentRef && { attachmentRef }),
      });
    } catch (err) {
      if (!isConnectorError(err) || !err.outcomeUnknown) {
        // Refused for sure (and any earlier send was found absent first): no voucher exists, so no lookup is owed.
        if (isConnectorError(err)) await this.setUnderLease(call, { createSentAt: null }, 'clearing its create mark');
        throw err;
      }
      if (!attachmentRef) {
        const message = `The provider's answer to the voucher was lost (${err.message}) and a voucher without a receipt cannot be looked up: check the provider's drafts for ${postings.voucher.externalRef}, then resolve.`;
        return { kind: 'in_doubt', error: { code: 'answer_lost', message } };
      }
      return this.lookUpAfterLoss(call, postings.voucher.externalRef, hint(), err);
    }
    return exported(result);
  }

  /** Found → exported, surely absent → 'absent' (the caller writes), the provider cannot tell → in_doubt. */
  private async lookUp(
    call: Call,
    externalRef: Parameters<NonNullable<Connector['findByExternalRef']>>[1],
    hint: LookupHint,
  ): Promise<WriteOutcome | 'absent'> {
    const { connector, connection } = call;
    if (!connector.findByExternalRef) {
      const message = `An earlier attempt may have written ${externalRef} and ${call.row.providerKey} has no lookup: check its books, then resolve.`;
      return { kind: 'in_doubt', error: { code: 'no_lookup', message } };
    }
    if (!(await this.extend(call))) return { kind: 'lease_lost' };
    const found = await connector.findByExternalRef(connection, externalRef, hint);
    if (found.kind === 'absent') return 'absent';
    if (found.kind === 'unknown') {
      const message = `An earlier attempt may have written ${externalRef}, and the lookup cannot tell: ${found.reason}`;
      return { kind: 'in_doubt', error: { code: 'lookup_unknown', message } };
    }
    return exported(found);
  }

  /** One lookup after a lost answer; anything but a found document leaves it for an operator (never resent here). */
  private async lookUpAfterLoss(
    call: Call,
    externalRef: Parameters<NonNullable<Connector['findByExternalRef']>>[1],
    hint: LookupHint,
    lost: ConnectorError,
  ): Promise<WriteOutcome> {
    try {
      const found = await this.lookUp(call, externalRef, hint);
      if (found === 'absent') {
        // Confirmed absent: the next attempt (counted, so it looks up first again) may write.
        return { kind: 'released', error: { code: 'answer_lost', message: `${lost.message} It was not written.` } };
      }
      return found;
    } catch (err) {
      // Retried: the next claim looks up again before any write (an expense's create is marked sent, a journal
      // entry is counted), and a resent journal entry is a duplicate anyway.
      if (isConnectorError(err) && err.retryable) {
        const message = `${lost.message} The lookup could not run yet (${err.message}); it runs again before any resend.`;
        return { kind: 'released', error: { code: 'answer_lost', message } };
      }
      const why = isConnectorError(err) ? err.message : 'the lookup failed';
      const message = `The provider's answer was lost (${lost.message}) and the lookup failed (${why}): look up ${externalRef}, then resolve.`;
      return { kind: 'in_doubt', error: { code: 'answer_lost', message } };
    }
  }

  /** A call that wrote nothing and failed: retry later, or stop with the provider's words. */
  private refused(err: ConnectorError): WriteOutcome {
    const error = { code: err.code, message: err.field ? `${err.message} (${err.field})` : err.message };
    if (err.outcomeUnknown && err.code !== 'unavailable' && err.code !== 'aborted') {
      return { kind: 'in_doubt', error };
    }
    if (err.retryable)
      return { kind: 'released', error, ...(err.retryAfterMs !== undefined && { retryAfterMs: err.retryAfterMs }) };
    if (err.code === 'authentication') {
      const message = `The accounting provider refused the credentials (${err.message}): reconnect, then re-export.`;
      return { kind: 'needs_attention', error: { code: 'reconnect', message } };
    }
    if (err.code === 'forbidden') return { kind: 'needs_attention', error };
    if (err.code === 'conflict' || err.code === 'unknown') return { kind: 'in_doubt', error };
    return { kind: 'failed', error };
  }

  private async extend(call: Call): Promise<boolean> {
    if (leaseIsFresh(call.row, call.owner, this.options.leaseTtlMs)) return true;
    return this.setUnderLease(call, {}, 'its next call');
  }

  /**
   * Right before the create, under the lease (so it also checks and extends the lease, one write for all): the first
   * send is kept, never moved; a receipt uploaded for this attempt is stored with it.
   */
  private async markCreateSent(call: Call, attachmentRef: AttachmentRef | undefined): Promise<boolean> {
    const set: { createSentAt?: Date; attachmentRef?: string } = {};
    if (call.row.createSentAt === null) set.createSentAt = new Date();
    if (attachmentRef && attachmentRef.id !== call.row.attachmentRef) set.attachmentRef = attachmentRef.id;
    return this.setUnderLease(call, set, 'sending its create');
  }

  /** A guarded write under the lease that also extends it: a change and the lease check in one statement. */
  private async setUnderLease(
    call: Call,
    set: Parameters<ExportLedger['setUnderLease']>[4],
    before: string,
  ): Promise<boolean> {
    const { id, companyId } = call.row;
    const held = await this.ledger.setUnderLease([id], companyId, call.owner, this.options.leaseTtlMs, set);
    if (!held.has(id)) this.logger.warn(`Export ${id} lost its lease before ${before}.`);
    return held.has(id);
  }
}

const refOf = (item: JournalItem) => item.entry.externalRef ?? (item.entry.id as never);
// The entry's id is the export id (a UUIDv5 chosen before any call), so it is found again by it.
const hintOf = (item: JournalItem): LookupHint => ({ kind: 'journalEntry', journalEntryId: item.entry.id });
