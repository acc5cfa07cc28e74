import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { accountReference } from './1764000500000-chart-references';

const [TABLE, FUNDING_REFERENCE] = accountReference(
  'company_setups',
  'funding_account',
  'FK_company_setups_funding_account',
);

/** Where wallet top-ups come from: optional (null: the reimbursement account), one of the company's own accounts. */
export class SetupFundingAccount1764000700000 implements MigrationInterface {
  name = 'SetupFundingAccount1764000700000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn(
      TABLE,
      new TableColumn({ name: 'funding_account', type: 'varchar', length: '32', isNullable: true }),
    );
    await qr.createForeignKey(TABLE, FUNDING_REFERENCE);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropForeignKey(TABLE, FUNDING_REFERENCE.name as string);
    await qr.dropColumn(TABLE, 'funding_account');
  }
}
