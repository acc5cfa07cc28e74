import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { TransactionEntity } from './transaction.entity';

/**
 * The receipt of a transaction: where its bytes are (a SHA-256 in the receipt store) and what they are. The bytes
 * themselves are never in the database; several rows may share one address, as the store keeps each content once.
 */
@Entity({ name: 'transaction_receipts' })
@Index('IDX_transaction_receipts_sha256', ['sha256'])
export class TransactionReceiptEntity {
  @PrimaryColumn({ name: 'transaction_id', type: 'varchar', length: 36 })
  transactionId!: string;

  @OneToOne(() => TransactionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'transaction_id', foreignKeyConstraintName: 'FK_transaction_receipts_transaction' })
  transaction?: TransactionEntity;

  /** The transaction's company, so every read is scoped to a tenant without a join. */
  @Column({ name: 'company_id', type: 'varchar', length: 36 })
  companyId!: string;

  /** Lower-case hex SHA-256 of the stored bytes: their address in the receipt store. */
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  /** What is stored and will be uploaded: one of the provider's types (e.g. application/pdf, image/jpeg). */
  @Column({ name: 'content_type', type: 'varchar', length: 64 })
  contentType!: string;

  @Column({ type: 'integer' })
  size!: number;

  /** The name the client sent, for display only (the type is never read from it). */
  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName!: string;

  /** The type sniffed from the bytes as uploaded, before any conversion. */
  @Column({ name: 'received_content_type', type: 'varchar', length: 64 })
  receivedContentType!: string;

  @Column({ name: 'received_size', type: 'integer' })
  receivedSize!: number;

  @Column({ type: 'boolean' })
  converted!: boolean;

  @Column({ type: 'boolean' })
  shrunk!: boolean;

  @Column({ name: 'received_at', type: Date })
  receivedAt!: Date;
}
