import { basename } from 'node:path';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ConnectorRegistry } from '@ledgerbridge/connector-sdk';
import { ReceiptChangeRefused, ReceiptChanges } from '@ledgerbridge/exports';
import {
  ACTIVE_CONNECTION_STATUSES,
  ConnectionEntity,
  TransactionEntity,
  TransactionReceiptEntity,
  type CompanyEntity,
} from '@ledgerbridge/persistence';
import { prepareReceipt, ReceiptRefused, type ReceiptStore } from '@ledgerbridge/receipts';
import { In, Repository } from 'typeorm';
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

const answerFor = (err: unknown): unknown => {
  if (!(err instanceof ReceiptChangeRefused)) return err;
  if (err.reason === 'transaction_not_found') return notFound('Transaction');
  if (err.reason === 'receipt_not_found') return notFound('Receipt');
  return conflict(err.message);
};

/** A transaction's receipt: sniffed, converted or shrunk to the provider's limits at ingest, stored by content. */
@Injectable()
export class ReceiptsService {
  constructor(
    private readonly changes: ReceiptChanges,
    private readonly registry: ConnectorRegistry,
    @Inject(RECEIPT_STORE) private readonly store: ReceiptStore,
    @InjectRepository(TransactionEntity) private readonly transactions: Repository<TransactionEntity>,
    @InjectRepository(TransactionReceiptEntity) private readonly receipts: Repository<TransactionReceiptEntity>,
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
  ) {}

  async attach(
    company: CompanyEntity,
    transactionId: string,
    file: UploadedReceipt | undefined,
    actor: string,
  ): Promise<ReceiptDto> {
    // Refused early, before any conversion; the change itself decides again under the transaction's lock.
    await this.changes.assertChangeable(company.id, transactionId).catch((err: unknown) => {
      throw answerFor(err);
    });
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
      transactionId,
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
    const saved = await this.changes.put(row, actor).catch((err: unknown) => {
      throw answerFor(err);
    });
    return ReceiptDto.of(saved);
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
    await this.changes.remove(companyId, transactionId, actor).catch((err: unknown) => {
      throw answerFor(err);
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
}
