import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { CompanyEntity } from './company.entity';

/** One VAT code of a company's provider, as last synced. */
@Entity({ name: 'tax_codes' })
@Unique(['companyId', 'code'])
export class TaxCodeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'company_id', type: 'varchar', length: 36 })
  companyId!: string;

  @ManyToOne(() => CompanyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'FK_tax_codes_company' })
  company?: CompanyEntity;

  @Column({ type: 'varchar', length: 16 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** 25 % is 2500: an exact integer, never a float that money is computed with. */
  @Column({ name: 'rate_basis_points', type: 'integer' })
  rateBasisPoints!: number;

  @Column({ type: 'varchar', length: 16 })
  direction!: string;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'synced_at', type: Date })
  syncedAt!: Date;
}
