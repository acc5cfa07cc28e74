import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A tenant: one customer of the expense platform, with its own books in one accounting provider. */
@Entity({ name: 'companies' })
export class CompanyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** The expense platform's own id for this customer; unique, so a retried create finds the first one. */
  @Column({ name: 'external_id', type: 'varchar', length: 128, nullable: true, unique: true })
  externalId!: string | null;

  /** ISO 4217 code of the books' currency. */
  @Column({ name: 'base_currency', type: 'varchar', length: 3, default: 'DKK' })
  baseCurrency!: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
