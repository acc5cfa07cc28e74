import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CompanyEntity, LedgerAccountEntity, dataSourceOptions, describeDatabase } from './index';

// Runs on SQLite, and on PostgreSQL when DATABASE_URL is set (npm test runs both).
const databaseUrl = process.env['DATABASE_URL'] || undefined;

describe(`migrations on ${databaseUrl ? 'PostgreSQL' : 'SQLite'}`, () => {
  let dataDir: string;
  let ds: DataSource;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lb-persistence-'));
    ds = new DataSource(dataSourceOptions({ databaseUrl, dataDir }));
    await ds.initialize();
    await ds.dropDatabase();
  });

  afterAll(async () => {
    await ds.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('builds exactly the schema the entities describe', async () => {
    const ran = await ds.runMigrations({ transaction: 'each' });
    expect(ran.length).toBeGreaterThan(0);
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('rolls every migration back and forward again', async () => {
    for (let i = 0; i < ds.migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    const tables = await ds.createQueryRunner().getTables(['companies', 'api_keys', 'audit_entries', 'connections', 'ledger_accounts', 'tax_codes', 'company_setups', 'categories']);
    expect(tables).toEqual([]);
    await ds.runMigrations({ transaction: 'each' });
    expect(await ds.showMigrations()).toBe(false);
  });

  it('keeps the platform id of a company unique', async () => {
    const repo = ds.getRepository(CompanyEntity);
    await repo.insert({ id: 'c0000000-0000-4000-8000-000000000001', name: 'A ApS', externalId: 'ext-1' });
    await expect(
      repo.insert({ id: 'c0000000-0000-4000-8000-000000000002', name: 'B ApS', externalId: 'ext-1' }),
    ).rejects.toThrow();
    expect(await repo.count()).toBe(1);
  });

  it('backfills the expense flag from the kind of accounts synced before the flag existed', async () => {
    await ds.undoLastMigration({ transaction: 'each' });
    const company = 'c0000000-0000-4000-8000-000000000001';
    const rows = [
      ['a0000000-0000-4000-8000-000000000001', '3300', 'expense'],
      ['a0000000-0000-4000-8000-000000000002', '55000', 'deposit'],
    ];
    // Raw rows in the old shape: the entity already has the new columns.
    for (const [id, number, kind] of rows) {
      await ds.query(
        `INSERT INTO ledger_accounts (id, company_id, number, name, kind, active, synced_at) ` +
          `VALUES ('${id}', '${company}', '${number}', 'Konto ${number}', '${kind}', TRUE, '2026-01-01 00:00:00')`,
      );
    }
    await ds.runMigrations({ transaction: 'each' });
    const flags = await ds.getRepository(LedgerAccountEntity).find({ order: { number: 'ASC' } });
    expect(flags.map((a) => [a.number, a.expenseAllowed, a.category])).toEqual([
      ['3300', true, null],
      ['55000', false, null],
    ]);
  });

  it('names the database without its password', () => {
    expect(describeDatabase({ databaseUrl: 'postgres://u:secret@db.local:5433/lb', dataDir })).toBe(
      'PostgreSQL at db.local:5433/lb',
    );
  });
});
