import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Whether the provider lets an expense line book to an account (Dinero: its purchase list), and the provider's own
 * group name for display. Rows synced before keep what their kind said until the next sync sets the flag.
 */
export class LedgerAccountExpenseAllowed1764000400000 implements MigrationInterface {
  name = 'LedgerAccountExpenseAllowed1764000400000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('ledger_accounts', [
      // The driver spells the default as the entity's `default: false` reads back (SQLite 0, PostgreSQL false).
      new TableColumn({
        name: 'expense_allowed',
        type: 'boolean',
        default: qr.connection.driver.normalizeDefault({ default: false } as ColumnMetadata),
      }),
      new TableColumn({ name: 'category', type: 'varchar', length: '200', isNullable: true }),
    ]);
    // TRUE is a boolean literal in both PostgreSQL and SQLite (3.23+); a query builder would resolve today's entity.
    await qr.query(`UPDATE ledger_accounts SET expense_allowed = TRUE WHERE kind = 'expense'`);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('ledger_accounts', 'category');
    await qr.dropColumn('ledger_accounts', 'expense_allowed');
  }
}
