import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { idColumn, instantColumn } from './portable-columns';

const cascade = (name: string, column: string, table: string, onDelete = 'CASCADE') => ({
  name,
  columnNames: [column],
  referencedTableName: table,
  referencedColumnNames: ['id'],
  onDelete,
  onUpdate: 'NO ACTION',
});

const INDEXES: [string, TableIndex][] = [
  [
    'export_batches',
    new TableIndex({ name: 'IDX_export_batches_company', columnNames: ['company_id', 'requested_at'] }),
  ],
  ['exports', new TableIndex({ name: 'IDX_exports_company_state', columnNames: ['company_id', 'state'] })],
  ['exports', new TableIndex({ name: 'IDX_exports_pending', columnNames: ['state', 'lease_expires_at'] })],
  ['exports', new TableIndex({ name: 'IDX_exports_batch', columnNames: ['batch_id', 'state'] })],
  ['export_outbox', new TableIndex({ name: 'IDX_export_outbox_pending', columnNames: ['relayed_at', 'created_at'] })],
];

/** The export ledger: one row per (company, transaction, version, provider), its batches, and the outbox to Bull. */
export class Exports1764000900000 implements MigrationInterface {
  name = 'Exports1764000900000';

  async up(qr: QueryRunner): Promise<void> {
    const created = (name: string) => ({
      ...instantColumn(qr, name, false),
      default: qr.connection.driver.mappedDataTypes.createDateDefault,
    });
    const updated = (name: string) => ({
      ...instantColumn(qr, name, false),
      default: qr.connection.driver.mappedDataTypes.updateDateDefault,
    });
    await qr.createTable(
      new Table({
        name: 'export_batches',
        columns: [
          idColumn(),
          { name: 'company_id', type: 'varchar', length: '36' },
          { name: 'requested_by', type: 'varchar', length: '64' },
          { name: 'requested_count', type: 'integer' },
          { name: 'queued_count', type: 'integer' },
          { name: 'skipped_count', type: 'integer' },
          created('requested_at'),
        ],
        foreignKeys: [cascade('FK_export_batches_company', 'company_id', 'companies')],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'exports',
        columns: [
          idColumn(),
          { name: 'company_id', type: 'varchar', length: '36' },
          { name: 'transaction_id', type: 'varchar', length: '36' },
          { name: 'transaction_version', type: 'integer' },
          { name: 'provider_key', type: 'varchar', length: '32' },
          { name: 'state', type: 'varchar', length: '24' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'provider_id', type: 'varchar', length: '128', isNullable: true },
          { name: 'provider_status', type: 'varchar', length: '64', isNullable: true },
          { name: 'provider_version', type: 'varchar', length: '128', isNullable: true },
          { name: 'last_error_code', type: 'varchar', length: '64', isNullable: true },
          { name: 'last_error_message', type: 'varchar', length: '2000', isNullable: true },
          { name: 'lease_owner', type: 'varchar', length: '128', isNullable: true },
          instantColumn(qr, 'lease_expires_at'),
          { name: 'batch_id', type: 'varchar', length: '36', isNullable: true },
          created('created_at'),
          updated('updated_at'),
        ],
        uniques: [
          {
            name: 'UQ_exports_transaction_version_provider',
            columnNames: ['company_id', 'transaction_id', 'transaction_version', 'provider_key'],
          },
        ],
        foreignKeys: [
          cascade('FK_exports_company', 'company_id', 'companies'),
          cascade('FK_exports_transaction', 'transaction_id', 'transactions'),
          cascade('FK_exports_batch', 'batch_id', 'export_batches', 'SET NULL'),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'export_outbox',
        columns: [
          idColumn(),
          { name: 'export_id', type: 'varchar', length: '36' },
          { name: 'job_kind', type: 'varchar', length: '32' },
          created('created_at'),
          instantColumn(qr, 'relayed_at'),
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'relay_owner', type: 'varchar', length: '128', isNullable: true },
          instantColumn(qr, 'relay_until'),
        ],
        foreignKeys: [cascade('FK_export_outbox_export', 'export_id', 'exports')],
      }),
    );
    for (const [table, index] of INDEXES) await qr.createIndex(table, index);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const [table, index] of [...INDEXES].reverse()) await qr.dropIndex(table, index);
    await qr.dropTable('export_outbox');
    await qr.dropTable('exports');
    await qr.dropTable('export_batches');
  }
}
