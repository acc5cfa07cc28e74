import { MigrationInterface, QueryRunner, TableColumn, TableForeignKey, TableIndex, TableUnique } from 'typeorm';
import { instantColumn } from './portable-columns';

/** Every Date column of the earlier migrations, by table. */
const TIMESTAMPS: Record<string, string[]> = {
  companies: ['created_at', 'updated_at'],
  api_keys: ['created_at', 'last_used_at', 'revoked_at'],
  audit_entries: ['created_at'],
  connections: ['last_verified_at', 'last_sync_at', 'created_at', 'updated_at'],
  ledger_accounts: ['synced_at'],
  tax_codes: ['synced_at'],
  company_setups: ['updated_at'],
  categories: ['created_at', 'updated_at'],
};

type Rule = 'CASCADE' | 'SET NULL' | 'RESTRICT';
const companyKey = (table: string, onDelete: Rule): [string, TableForeignKey] => [
  table,
  new TableForeignKey({
    name: `FK_${table}_company`,
    columnNames: ['company_id'],
    referencedTableName: 'companies',
    referencedColumnNames: ['id'],
    onDelete,
    onUpdate: 'NO ACTION',
  }),
];

/**
 * Tenant data goes with its company (CASCADE); the audit trail never does (RESTRICT: a company with a history
 * cannot be deleted, and SET NULL would break the hash chain); a key outlives the key that issued it (SET NULL).
 */
const FOREIGN_KEYS: [string, TableForeignKey][] = [
  companyKey('api_keys', 'CASCADE'),
  [
    'api_keys',
    new TableForeignKey({
      name: 'FK_api_keys_created_by',
      columnNames: ['created_by_key_id'],
      referencedTableName: 'api_keys',
      referencedColumnNames: ['id'],
      onDelete: 'SET NULL',
      onUpdate: 'NO ACTION',
    }),
  ],
  companyKey('audit_entries', 'RESTRICT'),
  companyKey('connections', 'CASCADE'),
  companyKey('ledger_accounts', 'CASCADE'),
  companyKey('tax_codes', 'CASCADE'),
  companyKey('company_setups', 'CASCADE'),
  companyKey('categories', 'CASCADE'),
];

/** Pending or connected: at most one such row per company, enforced by the database on SQLite and PostgreSQL. */
export const ONE_ACTIVE_CONNECTION = new TableIndex({
  name: 'IDX_connections_one_active',
  columnNames: ['company_id'],
  isUnique: true,
  where: `status IN ('pending_authorization', 'connected')`,
});

/** The unique constraint 1764000200000 put on connections.company_id (by TypeORM's naming), which history replaces. */
const oneRowPerCompany = (qr: QueryRunner) =>
  new TableUnique({
    name: qr.connection.namingStrategy.uniqueConstraintName('connections', ['company_id']),
    columnNames: ['company_id'],
  });

/**
 * Keeps connection history (a reconnect supersedes the old row instead of deleting it), adds the foreign keys the
 * tables imply, and makes PostgreSQL's timestamps zone-aware. Rolling back discards the superseded rows.
 */
export class HistoryKeysInstants1764000300000 implements MigrationInterface {
  name = 'HistoryKeysInstants1764000300000';

  async up(qr: QueryRunner): Promise<void> {
    // Until now the host forced TZ=UTC, so the zone-less values are UTC wall-clock times.
    if (qr.connection.driver.options.type === 'postgres') await this.retype(qr, 'timestamp with time zone');
    await qr.dropUniqueConstraint('connections', oneRowPerCompany(qr).name as string);
    await qr.addColumns(
      'connections',
      [instantColumn(qr, 'replaced_at'), instantColumn(qr, 'disconnected_at')].map((c) => new TableColumn(c)),
    );
    await qr.query(`UPDATE connections SET disconnected_at = updated_at WHERE status = 'disconnected'`);
    for (const [table, key] of FOREIGN_KEYS) await qr.createForeignKey(table, key);
    await qr.createIndex('connections', ONE_ACTIVE_CONNECTION);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('connections', ONE_ACTIVE_CONNECTION);
    for (const [table, key] of [...FOREIGN_KEYS].reverse()) await qr.dropForeignKey(table, key.name as string);
    // One row per company again: its active one, else its current (not superseded) one.
    await qr.query(`DELETE FROM connections WHERE status = 'replaced'`);
    await qr.query(
      `DELETE FROM connections WHERE status NOT IN ('pending_authorization', 'connected') AND company_id IN ` +
        `(SELECT company_id FROM connections WHERE status IN ('pending_authorization', 'connected'))`,
    );
    await qr.dropColumn('connections', 'disconnected_at');
    await qr.dropColumn('connections', 'replaced_at');
    await qr.createUniqueConstraint('connections', oneRowPerCompany(qr));
    if (qr.connection.driver.options.type === 'postgres') await this.retype(qr, 'timestamp without time zone');
  }

  /** `AT TIME ZONE 'UTC'` reads a zone-less value as UTC, and writes an instant as its UTC wall-clock time. */
  private async retype(qr: QueryRunner, type: string): Promise<void> {
    for (const [table, columns] of Object.entries(TIMESTAMPS)) {
      const changes = columns.map((c) => `ALTER COLUMN "${c}" TYPE ${type} USING "${c}" AT TIME ZONE 'UTC'`);
      await qr.query(`ALTER TABLE "${table}" ${changes.join(', ')}`);
    }
  }
}
