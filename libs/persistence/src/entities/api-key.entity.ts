import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CompanyEntity } from './company.entity';

export type ApiKeyRole = 'admin' | 'company';

/** An API key. Only a SHA-256 hash of the secret is kept: the key is shown once, when it is issued. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: ApiKeyRole;

  /** Null for admin keys; a company key reaches only this company. */
  @Index()
  @Column({ name: 'company_id', type: 'varchar', length: 36, nullable: true })
  companyId!: string | null;

  @ManyToOne(() => CompanyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'FK_api_keys_company' })
  company?: CompanyEntity;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The first characters of the key, safe to show, so a person can tell keys apart. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  @Column({ name: 'secret_hash', type: 'varchar', length: 64, unique: true })
  secretHash!: string;

  @Column({ name: 'created_by_key_id', type: 'varchar', length: 36, nullable: true })
  createdByKeyId!: string | null;

  @ManyToOne(() => ApiKeyEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_key_id', foreignKeyConstraintName: 'FK_api_keys_created_by' })
  createdBy?: ApiKeyEntity;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: Date, nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt!: Date | null;
}
