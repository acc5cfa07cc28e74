import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { instantColumn } from './portable-columns';

const SHA256_INDEX = new TableIndex({ name: 'IDX_transaction_receipts_sha256', columnNames: ['sha256'] });

/** One receipt per transaction, pointing at its bytes in the receipt store by SHA-256; gone with the transaction. */
export class Receipts1764000800000 implements MigrationInterface {
  name = 'Receipts1764000800000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'transaction_receipts',
        columns: [
          { name: 'transaction_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'company_id', type: 'varchar', length: '36' },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'content_type', type: 'varchar', length: '64' },
          { name: 'size', type: 'integer' },
          { name: 'file_name', type: 'varchar', length: '255' },
          { name: 'received_content_type', type: 'varchar', length: '64' },
          { name: 'received_size', type: 'integer' },
          { name: 'converted', type: 'boolean' },
          { name: 'shrunk', type: 'boolean' },
          instantColumn(qr, 'received_at', false),
        ],
        foreignKeys: [
          {
            name: 'FK_transaction_receipts_transaction',
            columnNames: ['transaction_id'],
            referencedTableName: 'transactions',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
    await qr.createIndex('transaction_receipts', SHA256_INDEX);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('transaction_receipts', SHA256_INDEX);
    await qr.dropTable('transaction_receipts');
  }
}
