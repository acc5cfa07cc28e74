import { MigrationInterface, QueryRunner, TableForeignKey } from 'typeorm';

/** A company's choice of one of its own synced accounts: (company_id, column) → ledger_accounts(company_id, number). */
export const accountReference = (table: string, column: string, name: string): [string, TableForeignKey] => [
  table,
  new TableForeignKey({
    name,
    columnNames: ['company_id', column],
    referencedTableName: 'ledger_accounts',
    referencedColumnNames: ['company_id', 'number'],
    // Synced accounts are never deleted (gone means inactive), so a chosen account can only vanish with its company.
    onDelete: 'RESTRICT',
    onUpdate: 'NO ACTION',
  }),
];

const CHART_REFERENCES: [string, TableForeignKey][] = [
  accountReference('categories', 'account_number', 'FK_categories_account'),
  accountReference('company_setups', 'deposit_account', 'FK_company_setups_deposit_account'),
  accountReference('company_setups', 'out_of_pocket_account', 'FK_company_setups_out_of_pocket_account'),
  accountReference('company_setups', 'reimbursement_account', 'FK_company_setups_reimbursement_account'),
];

/**
 * Categories and the setup name accounts of the company's own synced chart; the database now holds them to it, so
 * no category or setup can point at an account the company does not have (or at another company's).
 */
export class ChartReferences1764000500000 implements MigrationInterface {
  name = 'ChartReferences1764000500000';

  async up(qr: QueryRunner): Promise<void> {
    for (const [table, key] of CHART_REFERENCES) await qr.createForeignKey(table, key);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const [table, key] of [...CHART_REFERENCES].reverse()) await qr.dropForeignKey(table, key.name as string);
  }
}
