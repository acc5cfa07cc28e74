import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ExportEntity } from './export.entity';

export const OUTBOX_JOB_KINDS = ['export.run'] as const;
export type OutboxJobKind = (typeof OUTBOX_JOB_KINDS)[number];

/**
 * A job to put on Bull, written in the same database transaction as the export change that needs it; the relay
 * turns it into a Bull job and only then marks it relayed, so no job is lost between the database and Redis.
 */
@Entity({ name: 'export_outbox' })
@Index('IDX_export_outbox_pending', ['relayedAt', 'createdAt'])
@Index('IDX_export_outbox_export', ['exportId', 'relayedAt'])
@Index('IDX_export_outbox_waiting', ['companyId', 'createdAt'], { where: 'relayed_at IS NULL' })
export class ExportOutboxEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'export_id', type: 'varchar', length: 36 })
  exportId!: string;

  /**
   * The export's company, copied when the row is written: the relay takes each company's oldest waiting rows from
   * IDX_export_outbox_waiting instead of ranking every waiting row through a join (40–85 ms a pass behind a
   * 10,000-row backlog). An export never changes company; its rows go with it (the foreign key below).
   */
  @Column({ name: 'company_id', type: 'varchar', length: 36 })
  companyId!: string;

  @ManyToOne(() => ExportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'export_id', foreignKeyConstraintName: 'FK_export_outbox_export' })
  export?: ExportEntity;

  @Column({ name: 'job_kind', type: 'varchar', length: 32 })
  jobKind!: OutboxJobKind;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'relayed_at', type: Date, nullable: true })
  relayedAt!: Date | null;

  /** Relay passes that tried this row; a row that keeps failing is visible here. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** The relay process holding the row, until `relayUntil`: a guarded claim, so two relays never both take it. */
  @Column({ name: 'relay_owner', type: 'varchar', length: 128, nullable: true })
  relayOwner!: string | null;

  @Column({ name: 'relay_until', type: Date, nullable: true })
  relayUntil!: Date | null;
}
