import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { CompanyEntity } from './company.entity';

/** 'replaced': a newer connection of the company took this one's place; kept, without credentials, as history. */
export type ConnectionStatus = 'pending_authorization' | 'connected' | 'disconnected' | 'replaced';

/** The statuses at most one connection of a company may have at a time (a partial unique index). */
export const ACTIVE_CONNECTION_STATUSES: ConnectionStatus[] = ['pending_authorization', 'connected'];
export type SyncStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/**
 * A company's link to its accounting provider. At most one per company is active (pending or connected); a reconnect
 * supersedes the old row instead of deleting it, so the history stays. The provider key is text checked against the
 * registry, never an enum, so a new provider needs no migration. Credentials are stored only encrypted.
 */
@Entity({ name: 'connections' })
@Index('IDX_connections_one_active', ['companyId'], {
  unique: true,
  where: `status IN ('pending_authorization', 'connected')`,
})
export class ConnectionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'company_id', type: 'varchar', length: 36 })
  companyId!: string;

  @ManyToOne(() => CompanyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'FK_connections_company' })
  company?: CompanyEntity;

  @Column({ name: 'provider_key', type: 'varchar', length: 32 })
  providerKey!: string;

  /** The company's id at the provider (Dinero: the Company ID / organization id). */
  @Column({ name: 'organization_id', type: 'varchar', length: 64 })
  organizationId!: string;

  @Column({ name: 'organization_name', type: 'varchar', length: 200, nullable: true })
  organizationName!: string | null;

  /** 'api_key' or 'oauth'. */
  @Column({ name: 'auth_method', type: 'varchar', length: 16 })
  authMethod!: string;

  @Column({ type: 'varchar', length: 24 })
  status!: ConnectionStatus;

  /** AES-256-GCM envelope of the credentials JSON; null while pending, once disconnected, and once replaced. */
  @Column({ type: 'text', nullable: true })
  credentials!: string | null;

  /** SHA-256 of the OAuth `state` handed to the authorize URL; only the hash is kept. */
  @Column({ name: 'oauth_state_hash', type: 'varchar', length: 64, nullable: true })
  oauthStateHash!: string | null;

  @Column({ name: 'oauth_redirect_uri', type: 'varchar', length: 500, nullable: true })
  oauthRedirectUri!: string | null;

  @Column({ name: 'last_verified_at', type: Date, nullable: true })
  lastVerifiedAt!: Date | null;

  @Column({ name: 'last_sync_at', type: Date, nullable: true })
  lastSyncAt!: Date | null;

  @Column({ name: 'last_sync_status', type: 'varchar', length: 16, nullable: true })
  lastSyncStatus!: SyncStatus | null;

  @Column({ name: 'last_sync_job_id', type: 'varchar', length: 64, nullable: true })
  lastSyncJobId!: string | null;

  /** The last failure in words a person can act on; never a secret. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** When a newer connection of the company superseded this one. */
  @Column({ name: 'replaced_at', type: Date, nullable: true })
  replacedAt!: Date | null;

  @Column({ name: 'disconnected_at', type: Date, nullable: true })
  disconnectedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
