import { basename } from 'node:path';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditTrail } from '@ledgerbridge/audit';
import { ConnectorRegistry } from '@ledgerbridge/connector-sdk';
import {
  ACTIVE_CONNECTION_STATUSES,
  ConnectionEntity,
  ExportEntity,
  TransactionEntity,
  TransactionReceiptEntity,
  type CompanyEntity,
  type ExportState,
} from '@ledgerbridge/persistence';
import { prepareReceipt, ReceiptRefused, type ReceiptStore } from '@ledgerbridge/receipts';
import { EntityManager, In, Repository } from 'typeorm';
import { ApiError, conflict, notFound } from '../http/api-errors';
import { ReceiptDto, ReceiptSummaryDto } from './receipt.dto';
import { receiptLimitsFor } from './receipt-limits';
import { RECEIPT_FIELD } from './receipt-upload.interceptor';

export const RECEIPT_STORE = Symbol('RECEIPT_STORE');

/** The uploaded part as multer hands it over (memory storage). */
export interface UploadedReceipt {
  originalname: string;
  buffer: Buffer;
}

const STATUS: Record<ReceiptRefused['reason'], [HttpStatus, string]> = {
  empty: [HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED'],
  unsupported_type: [HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'UNSUPPORTED_MEDIA_TYPE'],
  undecodable: [HttpStatus.UNPROCESSABLE_ENTITY, 'UNPROCESSABLE_FILE'],
  too_large: [HttpStatus.PAYLOAD_TOO_LARGE, 'PAYLOAD_TOO_LARGE'],
};

const refusal = (err: ReceiptRefused) => {
  const [status, code] = STATUS[err.reason];
  return new ApiError(status, code, err.message, [{ field: RECEIPT_FIELD, message: err.message }]);
};

/** The name shown for the receipt: no folders, no control characters, at most 255 characters. */
export function displayName(original: string): string {
  const name = [...basename(original.replace(/\\/g, '/'))]
    .filter((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim();
  return name.slice(0, 255) || 'receipt';
}

/** What an audit entry says of a receipt: its address and type, never its bytes. */
const audited = (r: TransactionReceiptEntity) => ({
  ...ReceiptSummaryDto.of(r),
  converted: r.converted,
  shrunk: r.shrunk,
});

/** A transaction's receipt: sniffed, converted or shrunk to the provider's limits at ingest, stored by content. */
/** Export states that stopped before any create, so the receipt may still change (the next attempt uploads it). */
const RECEIPT_OPEN_STATES: readonly ExportState[] = ['needs_attention', 'failed'];

const currentExportOf = (t: TransactionEntity) => ({
  companyId: t.companyId,
  transactionId: t.id,
  transactionVersion: t.version,
});

@Injectable()
export class ReceiptsService {
  constructor(
    private readonly audit: AuditTrail,
    private readonly registry: ConnectorRegistry,
    @Inject(RECEIPT_STORE) private readonly store: ReceiptStore,
    @InjectRepository(TransactionEntity) private readonly transactions: Repository<TransactionEntity>,
    @InjectRepository(TransactionReceiptEntity) private readonly receipts: Repository<TransactionReceiptEntity>,
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
    @InjectRepository(ExportEntity) private readonly exports: Repository<ExportEntity>,
  ) {}

  async attach(
    company: CompanyEntity,
    transactionId: string,
    file: UploadedReceipt | undefined,
    actor: string,
  ): Promise<ReceiptDto> {
    const transaction = await this.changeable(company.id, transactionId);
    if (!file)
      throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'The request is not valid.', [
        { field: RECEIPT_FIELD, message: `send multipart/form-data with one file part named ${RECEIPT_FIELD}` },
      ]);
    const connection = await this.connections.findOneBy({
      companyId: company.id,
      status: In(ACTIVE_CONNECTION_STATUSES),
    });
    const limits = receiptLimitsFor(this.registry, connection?.providerKey);
    const prepared = await prepareReceipt(file.buffer, limits).catch((err: unknown) => {
      throw err instanceof ReceiptRefused ? refusal(err) : err;
    });
    const stored = await this.store.put(prepared.bytes);
    const row: TransactionReceiptEntity = {
      transactionId: transaction.id,
      companyId: company.id,
      sha256: stored.sha256,
      contentType: prepared.contentType,
      size: stored.size,
      fileName: displayName(file.originalname),
      receivedContentType: prepared.receivedContentType,
      receivedSize: prepared.receivedSize,
      converted: prepared.converted,
      shrunk: prepared.shrunk,
      receivedAt: new Date(),
    };
    return this.audit.transaction(company.id, async (tx) => {
      const repo = tx.getRepository(TransactionReceiptEntity);
      const before = await repo.findOneBy({ transactionId: transaction.id });
      // The same file again changes nothing and records nothing.
      if (before && before.sha256 === row.sha256 && before.fileName === row.fileName) return ReceiptDto.of(before);
      await this.releaseFromExport(tx, transaction);
      await repo.save(row);
      await this.audit.record(
        {
          companyId: company.id,
          actor,
          action: before ? 'transaction.receipt_replaced' : 'transaction.receipt_attached',
          subjectType: 'transaction',
          subjectId: transaction.id,
          before: before ? audited(before) : undefined,
          after: audited(row),
        },
        tx,
      );
      return ReceiptDto.of(row);
    });
  }

  async get(companyId: string, transactionId: string): Promise<ReceiptDto> {
    return ReceiptDto.of(await this.find(companyId, transactionId));
  }

  /** The stored bytes with their type and name, for download. */
  async content(companyId: string, transactionId: string): Promise<{ receipt: ReceiptDto; bytes: Buffer }> {
    const receipt = await this.find(companyId, transactionId);
    const bytes = await this.store.get(receipt.sha256);
    if (!bytes) throw new Error(`receipt bytes ${receipt.sha256} are missing from the receipt store`);
    return { receipt: ReceiptDto.of(receipt), bytes };
  }

  /** Unlinks the receipt; the bytes stay in the store, where another transaction may share them. */
  async remove(companyId: string, transactionId: string, actor: string): Promise<void> {
    const transaction = await this.changeable(companyId, transactionId);
    await this.audit.transaction(companyId, async (tx) => {
      const repo = tx.getRepository(TransactionReceiptEntity);
      const before = await repo.findOneBy({ companyId, transactionId });
      if (!before) throw notFound('Receipt');
      await this.releaseFromExport(tx, transaction);
      await repo.delete({ transactionId });
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

  /** The receipts of the given transactions of one company, by transaction id. */
  async summaries(companyId: string, transactionIds: string[]): Promise<Map<string, ReceiptSummaryDto>> {
    const found = new Map<string, ReceiptSummaryDto>();
    for (let i = 0; i < transactionIds.length; i += 200) {
      const rows = await this.receipts.findBy({ companyId, transactionId: In(transactionIds.slice(i, i + 200)) });
      for (const r of rows) found.set(r.transactionId, ReceiptSummaryDto.of(r));
    }
    return found;
  }

  private async find(companyId: string, transactionId: string): Promise<TransactionReceiptEntity> {
    if (!(await this.transactions.existsBy({ companyId, id: transactionId }))) throw notFound('Transaction');
    const receipt = await this.receipts.findOneBy({ companyId, transactionId });
    if (!receipt) throw notFound('Receipt');
    return receipt;
  }

  /** The company's transaction, while its receipt may still change (read first, so a refused file costs no work). */
  private async changeable(companyId: string, transactionId: string): Promise<TransactionEntity> {
    const transaction = await this.transactions.findOneBy({ companyId, id: transactionId });
    if (!transaction) throw notFound('Transaction');
    const current = await this.exports.findOneBy(currentExportOf(transaction));
    if (current && !RECEIPT_OPEN_STATES.includes(current.state))
      throw conflict(`The transaction's export is ${current.state}: its receipt can no longer change.`);
    return transaction;
  }

  /**
   * Inside the change's transaction, the deciding check: an export of the current version that stopped before any
   * create (needs_attention, failed) forgets its uploaded copy, so a re-export uploads the new receipt; any other
   * export (queued, sending, exported…) keeps the receipt as it is.
   */
  private async releaseFromExport(tx: EntityManager, transaction: TransactionEntity): Promise<void> {
    const current = await tx.getRepository(ExportEntity).findOneBy(currentExportOf(transaction));
    if (!current) return;
    const { affected } = await tx
      .createQueryBuilder()
      .update(ExportEntity)
      .set({ attachmentRef: null })
      .where('id = :id AND state IN (:...open) AND create_sent_at IS NULL', {
        id: current.id,
        open: RECEIPT_OPEN_STATES,
      })
      .updateEntity(false)
      .execute();
    if (affected !== 1)
      throw conflict(`The transaction's export is ${current.state}: its receipt can no longer change.`);
  }
}
