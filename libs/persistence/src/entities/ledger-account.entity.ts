import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { CompanyEntity } from './company.entity';

/** One account of a company's chart at its provider, as last synced. Never deleted: gone means inactive. */
@Entity({ name: 'ledger_accounts' })
@Unique(['companyId', 'number'])
export class LedgerAccountEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'company_id', type: 'varchar', length: 36 })
  companyId!: string;

  @ManyToOne(() => CompanyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'FK_ledger_accounts_company' })
  company?: CompanyEntity;

  @Column({ type: 'varchar', length: 32 })
  number!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** expense, revenue, deposit, balance, vat or other (the connector-sdk's AccountKind). */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ name: 'default_tax_code', type: 'varchar', length: 16, nullable: true })
  defaultTaxCode!: string | null;

  /** The provider's own word that an expense line may book here (Dinero: the account is in its purchase list). */
  @Column({ name: 'expense_allowed', type: 'boolean', default: false })
  expenseAllowed!: boolean;

  /** The provider's group name for the account, for display only. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  category!: string | null;

  /** False when hidden at the provider or gone from it. */
  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'synced_at', type: Date })
  syncedAt!: Date;
}
