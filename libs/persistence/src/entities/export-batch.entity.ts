import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CompanyEntity } from './company.entity';

/** One `POST …/exports` request; its exports' counts by state are read from `exports`, never stored twice. */
@Entity({ name: 'export_batches' })
@Index('IDX_export_batches_company', ['companyId', 'requestedAt'])
export class ExportBatchEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'company_id', type: 'varchar', length: 36 })
  companyId!: string;

  @ManyToOne(() => CompanyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'FK_export_batches_company' })
  company?: CompanyEntity;

  /** "key:<api key id>" or "system", as in the audit trail. */
  @Column({ name: 'requested_by', type: 'varchar', length: 64 })
  requestedBy!: string;

  /** Transactions the request named (or found ready); `queued` of them got a new export row. */
  @Column({ name: 'requested_count', type: 'integer' })
  requestedCount!: number;

  @Column({ name: 'queued_count', type: 'integer' })
  queuedCount!: number;

  /** Already had an export of their current version: the unique key answered, nothing is sent twice. */
  @Column({ name: 'skipped_count', type: 'integer' })
  skippedCount!: number;

  @CreateDateColumn({ name: 'requested_at' })
  requestedAt!: Date;
}
