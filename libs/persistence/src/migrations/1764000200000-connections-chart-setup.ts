import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn } from './portable-columns';

export class ConnectionsChartSetup1764000200000 implements MigrationInterface {
  name = 'ConnectionsChartSetup1764000200000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'connections',
        columns: [
          idColumn(),
          { name: 'company_id', type: 'varchar', length: '36', isUnique: true },
          { name: 'provider_key', type: 'varchar', length: '32' },
          { name: 'organization_id', type: 'varchar', length: '64' },
          { name: 'organization_name', type: 'varchar', length: '200', isNullable: true },
          { name: 'auth_method', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '24' },
          { name: 'credentials', type: 'text', isNullable: true },
          { name: 'oauth_state_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'oauth_redirect_uri', type: 'varchar', length: '500', isNullable: true },
          timestampColumn(qr, 'last_verified_at'),
          timestampColumn(qr, 'last_sync_at'),
          { name: 'last_sync_status', type: 'varchar', length: '16', isNullable: true },
          { name: 'last_sync_job_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'last_error', type: 'text', isNullable: true },
          createdAtColumn(qr),
          updatedAtColumn(qr),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'ledger_accounts',
        columns: [
          idColumn(),
          { name: 'company_id', type: 'varchar', length: '36' },
          { name: 'number', type: 'varchar', length: '32' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'default_tax_code', type: 'varchar', length: '16', isNullable: true },
          { name: 'active', type: 'boolean' },
          timestampColumn(qr, 'synced_at', false),
        ],
        uniques: [{ columnNames: ['company_id', 'number'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'tax_codes',
        columns: [
          idColumn(),
          { name: 'company_id', type: 'varchar', length: '36' },
          { name: 'code', type: 'varchar', length: '16' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'rate_basis_points', type: 'integer' },
          { name: 'direction', type: 'varchar', length: '16' },
          { name: 'active', type: 'boolean' },
          timestampColumn(qr, 'synced_at', false),
        ],
        uniques: [{ columnNames: ['company_id', 'code'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'company_setups',
        columns: [
          { name: 'company_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'deposit_account', type: 'varchar', length: '32' },
          { name: 'out_of_pocket_account', type: 'varchar', length: '32', isNullable: true },
          { name: 'reimbursement_account', type: 'varchar', length: '32', isNullable: true },
          updatedAtColumn(qr),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'categories',
        columns: [
          idColumn(),
          { name: 'company_id', type: 'varchar', length: '36' },
          { name: 'key', type: 'varchar', length: '64' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'account_number', type: 'varchar', length: '32' },
          { name: 'tax_code', type: 'varchar', length: '16', isNullable: true },
          createdAtColumn(qr),
          updatedAtColumn(qr),
        ],
        uniques: [{ columnNames: ['company_id', 'key'] }],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const table of ['categories', 'company_setups', 'tax_codes', 'ledger_accounts', 'connections'])
      await qr.dropTable(table);
  }
}
