import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { CompanyEntity } from './company.entity';

/**
 * One entry of the append-only audit trail. Entries form one hash chain per company (chain = company id, or
 * "system" for actions on no company): each hash covers the entry and the previous hash, so an altered,
 * removed or inserted row breaks the chain from there on.
 */
@Entity({ name: 'audit_entries' })
@Unique(['chain', 'seq'])
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  chain!: string;

  /** 1, 2, 3… within the chain; the unique (chain, seq) pair stops two writers forking the chain. */
  @Column({ type: 'integer' })
  seq!: number;

  @Index()
  @Column({ name: 'company_id', type: 'varchar', length: 36, nullable: true })
  companyId!: string | null;

  /** RESTRICT: a company with a history cannot be deleted from under its trail (SET NULL would break the chain). */ @ManyToOne(
    () => CompanyEntity,
    { onDelete: 'RESTRICT' },
  )
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'FK_audit_entries_company' })
  company?: CompanyEntity;

  /** Who: "key:<api key id>", or "system" for the host's own work. */
  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Column({ type: 'varchar', length: 100 })
  action!: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 50 })
  subjectType!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 128, nullable: true })
  subjectId!: string | null;

  /** JSON, secrets already redacted. */
  @Column({ type: 'text', nullable: true })
  before!: string | null;

  @Column({ type: 'text', nullable: true })
  after!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
