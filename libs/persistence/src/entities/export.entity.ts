import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { CompanyEntity } from './company.entity';
import { ExportBatchEntity } from './export-batch.entity';
import { TransactionEntity } from './transaction.entity';

/** Where an export stands; the transitions between them are libs/exports' export-ledger.ts. */
export const EXPORT_STATES = [
  'queued',
  'sending',
  'exported',
  'booked',
  'needs_attention',
  'failed',
  'in_doubt',
  'deleted_in_provider',
] as const;
export type ExportState = (typeof EXPORT_STATES)[number];

/**
 * One version of one transaction at one provider: the truth about its export (Bull only wakes workers).
 * The id is the UUIDv5 `exportIdOf(company, transaction, version, provider)`, the provider's dedupe handle.
 */
@Entity({ name: 'exports' })
@Unique('UQ_exports_transaction_version_provider', ['companyId', 'transactionId', 'transactionVersion', 'providerKey'])
@Index('IDX_exports_company_state', ['companyId', 'state'])
@Index('IDX_exports_pending', ['state', 'leaseExpiresAt'])
/** The sweeper's keyset pages over the exports in flight, in id order (migration ExportsInFlight). */
@Index('IDX_exports_in_flight', ['id'], { where: "state IN ('queued', 'sending')" })
@Index('IDX_exports_batch', ['batchId', 'state'])
export class ExportEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'company_id', type: 'varchar', length: 36 })
  companyId!: string;

  @ManyToOne(() => CompanyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'FK_exports_company' })
  company?: CompanyEntity;

  @Column({ name: 'transaction_id', type: 'varchar', length: 36 })
  transactionId!: string;

  @ManyToOne(() => TransactionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'transaction_id', foreignKeyConstraintName: 'FK_exports_transaction' })
  transaction?: TransactionEntity;

  @Column({ name: 'transaction_version', type: 'integer' })
  transactionVersion!: number;

  /** Checked against the connector registry, never a database enum: a new provider needs no migration. */
  @Column({ name: 'provider_key', type: 'varchar', length: 32 })
  providerKey!: string;

  @Column({ type: 'varchar', length: 24 })
  state!: ExportState;

  /** How many times a worker claimed it. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** The provider's own id once written (Dinero: the voucher `Guid` or the ledger item `Id`). */
  @Column({ name: 'provider_id', type: 'varchar', length: 128, nullable: true })
  providerId!: string | null;

  @Column({ name: 'provider_status', type: 'varchar', length: 64, nullable: true })
  providerStatus!: string | null;

  /** The provider's version stamp of the written object (Dinero: `Timestamp`), for later updates and status reads. */
  @Column({ name: 'provider_version', type: 'varchar', length: 128, nullable: true })
  providerVersion!: string | null;

  /** The number the provider gave the document on booking (Dinero: `VoucherNumber`); null until booked. */
  @Column({ name: 'provider_voucher_number', type: 'varchar', length: 64, nullable: true })
  providerVoucherNumber!: string | null;

  /** When the status follow-up last read the document at the provider; the longest-unread are read first. */
  @Column({ name: 'status_checked_at', type: Date, nullable: true })
  statusCheckedAt!: Date | null;

  /** The provider's handle of the uploaded receipt (Dinero: `FileGuid`), stored before the create that uses it. */
  @Column({ name: 'attachment_ref', type: 'varchar', length: 128, nullable: true })
  attachmentRef!: string | null;

  /** When a create was first sent for this export (stored right before the call); null: no document can exist. */
  @Column({ name: 'create_sent_at', type: Date, nullable: true })
  createSentAt!: Date | null;

  @Column({ name: 'last_error_code', type: 'varchar', length: 64, nullable: true })
  lastErrorCode!: string | null;

  /** In words, for the operator: Dinero's message or the mapping's reasons, never a secret. */
  @Column({ name: 'last_error_message', type: 'varchar', length: 2000, nullable: true })
  lastErrorMessage!: string | null;

  @Column({ name: 'lease_owner', type: 'varchar', length: 128, nullable: true })
  leaseOwner!: string | null;

  @Column({ name: 'lease_expires_at', type: Date, nullable: true })
  leaseExpiresAt!: Date | null;

  @Column({ name: 'batch_id', type: 'varchar', length: 36, nullable: true })
  batchId!: string | null;

  @ManyToOne(() => ExportBatchEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'FK_exports_batch' })
  batch?: ExportBatchEntity;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
