import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { CompanyEntity } from './company.entity';

export const TRANSACTION_KINDS = ['card_expense', 'out_of_pocket_expense', 'reimbursement', 'wallet_top_up'] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];
/** Only `received` for now; the export states arrive with the export itself. */
export const TRANSACTION_STATES = ['received'] as const;
export type TransactionState = (typeof TRANSACTION_STATES)[number];
/** Where a reimbursement was paid from: the card wallet, or outside the platform. */
export const REIMBURSEMENT_SOURCES = ['card_wallet', 'bank_transfer', 'payroll'] as const;
export type ReimbursementSource = (typeof REIMBURSEMENT_SOURCES)[number];

/** One split line of an expense: its own category, optional VAT code, and amount in the transaction's currency. */
export interface TransactionLine {
  categoryKey: string;
  taxCode: string | null;
  amount: number;
}

/** Minor units in a bigint column: PostgreSQL hands bigints back as text, so they are read back as numbers. */
const minorUnits = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v === null || v === undefined ? null : Number(v)),
};

/** Split lines as JSON text: always read and written with their transaction, never queried on their own. */
const jsonLines = {
  to: (v: TransactionLine[] | null | undefined) => (v == null ? null : JSON.stringify(v)),
  from: (v: string | null) => (v === null ? null : (JSON.parse(v) as TransactionLine[])),
};

/**
 * A money movement the expense platform handed over, as received. The platform's own id is unique per company, so
 * a resent transaction is found, never stored twice; `contentHash` decides whether a resend is the same or a change.
 */
@Entity({ name: 'transactions' })
@Unique('UQ_transactions_company_platform', ['companyId', 'platformId'])
@Index('IDX_transactions_booked', ['companyId', 'bookedOn', 'id'])
@Index('IDX_transactions_kind', ['companyId', 'kind', 'bookedOn', 'id'])
@Index('IDX_transactions_state', ['companyId', 'state', 'bookedOn', 'id'])
@Index('IDX_transactions_category', ['companyId', 'categoryKey', 'bookedOn', 'id'])
export class TransactionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'company_id', type: 'varchar', length: 36 })
  companyId!: string;

  @ManyToOne(() => CompanyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'FK_transactions_company' })
  company?: CompanyEntity;

  /** The expense platform's own id for the transaction. */
  @Column({ name: 'platform_id', type: 'varchar', length: 128 })
  platformId!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: TransactionKind;

  @Column({ type: 'varchar', length: 16 })
  state!: TransactionState;

  /** 1 on receipt; a re-export of a changed transaction makes a new version. */
  @Column({ type: 'integer' })
  version!: number;

  /** The booking date, YYYY-MM-DD. */
  @Column({ name: 'booked_on', type: 'date' })
  bookedOn!: string;

  /** Gross, in minor units of `currency`. */
  @Column({ type: 'bigint', transformer: minorUnits })
  amount!: number;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  /** For a foreign-currency expense: what was settled, in minor units of the company's base currency. */
  @Column({ name: 'settled_amount', type: 'bigint', nullable: true, transformer: minorUnits })
  settledAmount!: number | null;

  /** Base-currency units per unit of `currency`, as the decimal text the platform sent (never a float). */
  @Column({ name: 'exchange_rate', type: 'varchar', length: 32, nullable: true })
  exchangeRate!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  merchant!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description!: string | null;

  @Column({ name: 'employee_id', type: 'varchar', length: 128, nullable: true })
  employeeId!: string | null;

  @Column({ name: 'employee_name', type: 'varchar', length: 200, nullable: true })
  employeeName!: string | null;

  @Column({ name: 'category_key', type: 'varchar', length: 64, nullable: true })
  categoryKey!: string | null;

  @Column({ name: 'tax_code', type: 'varchar', length: 16, nullable: true })
  taxCode!: string | null;

  @Column({ type: 'text', nullable: true, transformer: jsonLines })
  lines!: TransactionLine[] | null;

  @Column({ name: 'paid_from', type: 'varchar', length: 16, nullable: true })
  paidFrom!: ReimbursementSource | null;

  /** SHA-256 of the canonical content: the same hash on a resend means the same transaction. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
