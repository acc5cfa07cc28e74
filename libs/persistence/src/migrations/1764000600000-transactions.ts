import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { idColumn, instantColumn } from './portable-columns';

/** Keyset order (booked_on, id) behind every filter the list offers, so a page costs the same on page 1 or 2,000. */
const INDEXES = [
  new TableIndex({ name: 'IDX_transactions_booked', columnNames: ['company_id', 'booked_on', 'id'] }),
  new TableIndex({ name: 'IDX_transactions_kind', columnNames: ['company_id', 'kind', 'booked_on', 'id'] }),
  new TableIndex({ name: 'IDX_transactions_state', columnNames: ['company_id', 'state', 'booked_on', 'id'] }),
  new TableIndex({ name: 'IDX_transactions_category', columnNames: ['company_id', 'category_key', 'booked_on', 'id'] }),
];

/** The platform's transactions as received; (company_id, platform_id) unique, so a resend can never store twice. */
export class Transactions1764000600000 implements MigrationInterface {
  name = 'Transactions1764000600000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'transactions',
        columns: [
          idColumn(),
          { name: 'company_id', type: 'varchar', length: '36' },
          { name: 'platform_id', type: 'varchar', length: '128' },
          { name: 'kind', type: 'varchar', length: '32' },
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'version', type: 'integer' },
          { name: 'booked_on', type: 'date' },
          { name: 'amount', type: 'bigint' },
          { name: 'currency', type: 'varchar', length: '3' },
          { name: 'settled_amount', type: 'bigint', isNullable: true },
          { name: 'exchange_rate', type: 'varchar', length: '32', isNullable: true },
          { name: 'merchant', type: 'varchar', length: '200', isNullable: true },
          { name: 'description', type: 'varchar', length: '500', isNullable: true },
          { name: 'employee_id', type: 'varchar', length: '128', isNullable: true },
          { name: 'employee_name', type: 'varchar', length: '200', isNullable: true },
          { name: 'category_key', type: 'varchar', length: '64', isNullable: true },
          { name: 'tax_code', type: 'varchar', length: '16', isNullable: true },
          { name: 'lines', type: 'text', isNullable: true },
          { name: 'paid_from', type: 'varchar', length: '16', isNullable: true },
          { name: 'content_hash', type: 'varchar', length: '64' },
          {
            ...instantColumn(qr, 'created_at', false),
            default: qr.connection.driver.mappedDataTypes.createDateDefault,
          },
        ],
        uniques: [{ name: 'UQ_transactions_company_platform', columnNames: ['company_id', 'platform_id'] }],
        foreignKeys: [
          {
            name: 'FK_transactions_company',
            columnNames: ['company_id'],
            referencedTableName: 'companies',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
    for (const index of INDEXES) await qr.createIndex('transactions', index);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const index of [...INDEXES].reverse()) await qr.dropIndex('transactions', index);
    await qr.dropTable('transactions');
  }
}
