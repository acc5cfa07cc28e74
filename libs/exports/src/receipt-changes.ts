import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditTrail } from '@ledgerbridge/audit';
import { ExportEntity, TransactionEntity, TransactionReceiptEntity, type ExportState } from '@ledgerbridge/persistence';
import { DataSource, EntityManager, In } from 'typeorm';
import { lockTransaction } from './transaction-locks';

/** Export states that stopped before any create, so the receipt may still change (the next attempt uploads it). */
export const RECEIPT_OPEN_STATES: readonly ExportState[] = ['needs_attention', 'failed'];

/** Why a receipt cannot change; the host turns each into its HTTP answer (404, 404, 409). */
export class ReceiptChangeRefused extends Error {
  constructor(
    readonly reason: 'transaction_not_found' | 'receipt_not_found' | 'kept_by_export',
    message: string,
    /** kept_by_export: the state of the export that may have used the receipt. */
    readonly state?: ExportState,
  ) {
    super(message);
    this.name = 'ReceiptChangeRefused';
  }
}

const keptBy = (state: ExportState) =>
  new ReceiptChangeRefused(
    'kept_by_export',
    `The transaction's export is ${state}: its receipt can no longer change.`,
    state,
  );
const transactionNotFound = () => new ReceiptChangeRefused('transaction_not_found', 'Transaction was not found.');

/** What an audit entry says of a receipt: its address and type, never its bytes. */
const audited = (r: TransactionReceiptEntity) => ({
  contentType: r.contentType,
  size: r.size,
  sha256: r.sha256,
  fileName: r.fileName,
  converted: r.converted,
  shrunk: r.shrunk,
});

/** An export of the version that was sent (or may be sending) keeps the receipt it used, or may use. */
const keeps = (e: ExportEntity) => !RECEIPT_OPEN_STATES.includes(e.state) || e.createSentAt !== null;

/**
 * The only writer of a transaction's receipt row. Each change is one database transaction that first takes the
 * transaction's row (as an export request does, `lockTransactions`), then checks the exports of its current version
 * and writes: so an export requested at the same moment either sees the new receipt, or makes the change wait and
 * then refuse. A worker cannot race it either: a receipt changes only while its export stopped before any create
 * (needs_attention, failed), and that export forgets its uploaded copy in the same guarded UPDATE.
 */
@Injectable()
export class ReceiptChanges {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  /** Outside any transaction, before the costly work (conversion, storing): refuses early what `put` would refuse. */
  async assertChangeable(companyId: string, transactionId: string): Promise<void> {
    const transaction = await this.dataSource
      .getRepository(TransactionEntity)
      .findOneBy({ companyId, id: transactionId });
    if (!transaction) throw transactionNotFound();
    const kept = (await this.exportsOf(this.dataSource.manager, transaction)).find(keeps);
    if (kept) throw keptBy(kept.state);
  }

  /** Attaches or replaces the receipt; the same file under the same name again changes nothing and records nothing. */
  async put(row: TransactionReceiptEntity, actor: string): Promise<TransactionReceiptEntity> {
    return this.audit.transaction(row.companyId, async (tx) => {
      const transaction = await lockTransaction(tx, row.companyId, row.transactionId);
      if (!transaction) throw transactionNotFound();
      const repo = tx.getRepository(TransactionReceiptEntity);
      const before = await repo.findOneBy({ companyId: row.companyId, transactionId: row.transactionId });
      if (before && before.sha256 === row.sha256 && before.fileName === row.fileName) return before;
      await this.releaseFromExports(tx, transaction);
      await repo.save(row);
      await this.audit.record(
        {
          companyId: row.companyId,
          actor,
          action: before ? 'transaction.receipt_replaced' : 'transaction.receipt_attached',
          subjectType: 'transaction',
          subjectId: row.transactionId,
          before: before ? audited(before) : undefined,
          after: audited(row),
        },
        tx,
      );
      return row;
    });
  }

  /** Unlinks the receipt; the bytes stay in the store, where another transaction may share them. */
  async remove(companyId: string, transactionId: string, actor: string): Promise<void> {
    await this.audit.transaction(companyId, async (tx) => {
      const transaction = await lockTransaction(tx, companyId, transactionId);
      if (!transaction) throw transactionNotFound();
      // An export that keeps the receipt answers first, as it does for a replacement (rolled back on a refusal).
      await this.releaseFromExports(tx, transaction);
      const repo = tx.getRepository(TransactionReceiptEntity);
      const before = await repo.findOneBy({ companyId, transactionId });
      if (!before) throw new ReceiptChangeRefused('receipt_not_found', 'Receipt was not found.');
      await repo.delete({ companyId, transactionId });
      await this.audit.record(
        {
          companyId,
          actor,
          action: 'transaction.receipt_removed',
          subjectType: 'transaction',
          subjectId: transactionId,
          before: audited(before),
        },
        tx,
      );
    });
  }

  /**
   * The deciding check, under the transaction's lock: every export of the current version must have stopped before
   * any create; each forgets its uploaded copy (so a re-export uploads the new receipt) in one guarded UPDATE, which
   * also loses to a re-export or claim that moved one of them on in the meantime.
   */
  private async releaseFromExports(tx: EntityManager, transaction: TransactionEntity): Promise<void> {
    const exports = await this.exportsOf(tx, transaction);
    const kept = exports.find(keeps);
    if (kept) throw keptBy(kept.state);
    if (exports.length === 0) return;
    const { affected } = await tx
      .createQueryBuilder()
      .update(ExportEntity)
      .set({ attachmentRef: null })
      .where('id IN (:...ids) AND state IN (:...open) AND create_sent_at IS NULL', {
        ids: exports.map((e) => e.id),
        open: RECEIPT_OPEN_STATES,
      })
      .updateEntity(false)
      .execute();
    if (affected === exports.length) return;
    const now = await tx.getRepository(ExportEntity).findBy({ id: In(exports.map((e) => e.id)) });
    throw keptBy(now.find(keeps)?.state ?? 'queued');
  }

  private exportsOf(m: EntityManager, transaction: TransactionEntity): Promise<ExportEntity[]> {
    return m.getRepository(ExportEntity).find({
      where: {
        companyId: transaction.companyId,
        transactionId: transaction.id,
        transactionVersion: transaction.version,
      },
      order: { createdAt: 'DESC' },
    });
  }
}
