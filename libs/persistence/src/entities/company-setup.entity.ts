import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { CompanyEntity } from './company.entity';

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

  /** Where out-of-pocket expenses are paid from until reimbursed; null when the company does not reimburse. */
  @Column({ name: 'out_of_pocket_account', type: 'varchar', length: 32, nullable: true })
  outOfPocketAccount!: string | null;

  /** Where reimbursements to employees are paid from when paid outside the platform. */
  @Column({ name: 'reimbursement_account', type: 'varchar', length: 32, nullable: true })
  reimbursementAccount!: string | null;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
