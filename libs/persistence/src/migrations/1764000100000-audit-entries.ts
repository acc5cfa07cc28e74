import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { idColumn, timestampColumn } from './portable-columns';

export class AuditEntries1764000100000 implements MigrationInterface {
  name = 'AuditEntries1764000100000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          idColumn(),
          { name: 'chain', type: 'varchar', length: '36' },
          { name: 'seq', type: 'integer' },
          { name: 'company_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'actor', type: 'varchar', length: '64' },
          { name: 'action', type: 'varchar', length: '100' },
          { name: 'subject_type', type: 'varchar', length: '50' },
          { name: 'subject_id', type: 'varchar', length: '128', isNullable: true },
          { name: 'before', type: 'text', isNullable: true },
          { name: 'after', type: 'text', isNullable: true },
          timestampColumn(qr, 'created_at', false),
          { name: 'prev_hash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
        uniques: [{ columnNames: ['chain', 'seq'] }],
        indices: [{ columnNames: ['company_id'] }],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('audit_entries');
  }
}
