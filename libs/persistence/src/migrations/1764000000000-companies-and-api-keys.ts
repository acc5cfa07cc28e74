import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from './portable-columns';

export class CompaniesAndApiKeys1764000000000 implements MigrationInterface {
  name = 'CompaniesAndApiKeys1764000000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'companies',
        columns: [
          idColumn(),
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'external_id', type: 'varchar', length: '128', isNullable: true, isUnique: true },
          { name: 'base_currency', type: 'varchar', length: '3', default: "'DKK'" },
          createdAtColumn(qr),
          updatedAtColumn(qr),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          idColumn(),
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'company_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'prefix', type: 'varchar', length: '16' },
          { name: 'secret_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'created_by_key_id', type: 'varchar', length: '36', isNullable: true },
          createdAtColumn(qr),
          timestampColumn(qr, 'last_used_at'),
          timestampColumn(qr, 'revoked_at'),
        ],
        indices: [{ columnNames: ['company_id'] }],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('api_keys');
    await qr.dropTable('companies');
  }
}
