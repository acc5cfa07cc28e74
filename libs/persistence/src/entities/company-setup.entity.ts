import { Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { CompanyEntity } from './company.entity';
import { LedgerAccountEntity } from './ledger-account.entity';

/** A composite key to one of the company's own synced accounts (migration 1764000500000). */
const ownAccount = (column: string, constraint: string) => [
  { name: 'company_id', referencedColumnName: 'companyId', foreignKeyConstraintName: constraint },
  { name: column, referencedColumnName: 'number', foreignKeyConstraintName: constraint },
];

/** Which of the company's provider accounts money is paid from; see docs/providers/dinero.md "Setup". */
@Entity({ name: 'company_setups' })
export class CompanySetupEntity {
  @PrimaryColumn({ name: 'company_id', type: 'varchar', length: 36 })
  companyId!: string;

  @OneToOne(() => CompanyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'FK_company_setups_company' })
  company?: CompanyEntity;

  /** The card wallet's deposit account (Dinero: a *Beholdning* account). */
  @Column({ name: 'deposit_account', type: 'varchar', length: 32 })
  depositAccount!: string;

  @ManyToOne(() => LedgerAccountEntity, { onDelete: 'RESTRICT' })
  @JoinColumn(ownAccount('deposit_account', 'FK_company_setups_deposit_account'))
  depositAccountRef?: LedgerAccountEntity;

  /** Where out-of-pocket expenses are paid from until reimbursed; null when the company does not reimburse. */
  @Column({ name: 'out_of_pocket_account', type: 'varchar', length: 32, nullable: true })
  outOfPocketAccount!: string | null;

  @ManyToOne(() => LedgerAccountEntity, { onDelete: 'RESTRICT' })
  @JoinColumn(ownAccount('out_of_pocket_account', 'FK_company_setups_out_of_pocket_account'))
  outOfPocketAccountRef?: LedgerAccountEntity;

  /** Where reimbursements to employees are paid from when paid outside the platform. */
  @Column({ name: 'reimbursement_account', type: 'varchar', length: 32, nullable: true })
  reimbursementAccount!: string | null;

  @ManyToOne(() => LedgerAccountEntity, { onDelete: 'RESTRICT' })
  @JoinColumn(ownAccount('reimbursement_account', 'FK_company_setups_reimbursement_account'))
  reimbursementAccountRef?: LedgerAccountEntity;

  /** Where wallet top-ups come from (migration 1764000700000); null: the reimbursement account. */
  @Column({ name: 'funding_account', type: 'varchar', length: 32, nullable: true })
  fundingAccount!: string | null;

  @ManyToOne(() => LedgerAccountEntity, { onDelete: 'RESTRICT' })
  @JoinColumn(ownAccount('funding_account', 'FK_company_setups_funding_account'))
  fundingAccountRef?: LedgerAccountEntity;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
