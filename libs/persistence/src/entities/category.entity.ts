import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { CompanyEntity } from './company.entity';
import { LedgerAccountEntity } from './ledger-account.entity';

/** An expense category of the platform, with the name employees see and the provider account it books to. */
@Entity({ name: 'categories' })
@Unique(['companyId', 'key'])
export class CategoryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'company_id', type: 'varchar', length: 36 })
  companyId!: string;

  @ManyToOne(() => CompanyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'FK_categories_company' })
  company?: CompanyEntity;

  /** The expense platform's own id for the category. */
  @Column({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'account_number', type: 'varchar', length: 32 })
  accountNumber!: string;

  @ManyToOne(() => LedgerAccountEntity, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'company_id', referencedColumnName: 'companyId', foreignKeyConstraintName: 'FK_categories_account' },
    { name: 'account_number', referencedColumnName: 'number', foreignKeyConstraintName: 'FK_categories_account' },
  ])
  account?: LedgerAccountEntity;

  @Column({ name: 'tax_code', type: 'varchar', length: 16, nullable: true })
  taxCode!: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
