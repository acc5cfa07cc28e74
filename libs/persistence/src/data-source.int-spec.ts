import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  ApiKeyEntity,
  AuditEntryEntity,
  CategoryEntity,
  CompanySetupEntity,
  CompanyEntity,
  ConnectionEntity,
  createDataSource,
  dataSourceOptions,
  describeDatabase,
  ExportEntity,
  ExportOutboxEntity,
  LedgerAccountEntity,
  TransactionEntity,
  TransactionReceiptEntity,
} from './index';

// Runs on SQLite, and on PostgreSQL when DATABASE_URL is set (npm test runs both).
const databaseUrl = process.env['DATABASE_URL'] || undefined;

describe(`migrations on ${databaseUrl ? 'PostgreSQL' : 'SQLite'}`, () => {
  let dataDir: string;
  let ds: DataSource;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lb-persistence-'));
    ds = createDataSource(dataSourceOptions({ databaseUrl, dataDir }));
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
    const tables = await ds
      .createQueryRunner()
      .getTables([
        'companies',
        'api_keys',
        'audit_entries',
        'connections',
        'ledger_accounts',
        'tax_codes',
        'company_setups',
        'categories',
        'transactions',
        'transaction_receipts',
        'export_batches',
        'exports',
        'export_outbox',
      ]);
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

  /** Rolls back every migration after `name`, leaving the schema as it stood right after it. */
  const rollBackTo = async (name: string) => {
    const index = ds.migrations.findIndex((m) => m.name === name);
    for (let i = ds.migrations.length; i > index + 1; i--) await ds.undoLastMigration({ transaction: 'each' });
  };

  it('backfills the expense flag from the kind of accounts synced before the flag existed', async () => {
    await rollBackTo('HistoryKeysInstants1764000300000');
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

  const companyId = 'c0000000-0000-4000-8000-000000000001';
  const connection = (id: string, status: ConnectionEntity['status'], company = companyId) => ({
    id,
    companyId: company,
    providerKey: 'dinero',
    organizationId: '100001',
    authMethod: 'api_key',
    status,
  });

  it('refuses rows that name a company that does not exist', async () => {
    const ghost = 'c0000000-0000-4000-8000-00000000dead';
    await expect(
      ds.getRepository(ConnectionEntity).insert(connection('d0000000-0000-4000-8000-000000000001', 'connected', ghost)),
    ).rejects.toThrow(/foreign key/i);
    await expect(
      ds.getRepository(ApiKeyEntity).insert({
        id: 'a0000000-0000-4000-8000-000000000001',
        role: 'company',
        companyId: ghost,
        name: 'k',
        prefix: 'lb_x',
        secretHash: 'e'.repeat(64),
      }),
    ).rejects.toThrow(/foreign key/i);
    expect(await ds.getRepository(ConnectionEntity).count()).toBe(0);
  });

  it("holds categories and the setup to accounts of the company's own synced chart", async () => {
    const [mine, other] = ['c0000000-0000-4000-8000-000000000021', 'c0000000-0000-4000-8000-000000000022'];
    await ds.getRepository(CompanyEntity).insert([
      { id: mine, name: 'F ApS' },
      { id: other, name: 'G ApS' },
    ]);
    const account = (id: string, company: string, number: string, kind: string) => ({
      id,
      companyId: company,
      number,
      name: `Konto ${number}`,
      kind,
      active: true,
      syncedAt: new Date(),
    });
    await ds
      .getRepository(LedgerAccountEntity)
      .insert([
        account('a0000000-0000-4000-8000-000000000021', mine, '55010', 'deposit'),
        account('a0000000-0000-4000-8000-000000000022', other, '3300', 'expense'),
      ]);
    const category = (id: string, accountNumber: string) => ({
      id,
      companyId: mine,
      key: `k-${id.slice(-2)}`,
      name: 'Rejser',
      accountNumber,
      taxCode: null,
    });
    // 3300 is another company's account: a category of this company may not name it.
    await expect(
      ds.getRepository(CategoryEntity).insert(category('b0000000-0000-4000-8000-000000000021', '3300')),
    ).rejects.toThrow(/foreign key/i);
    await expect(
      ds
        .getRepository(CompanySetupEntity)
        .insert({ companyId: mine, depositAccount: '55010', outOfPocketAccount: '55999' }),
    ).rejects.toThrow(/foreign key/i);
    // The funding account too: another company's 3300 is refused, the company's own 55010 is taken.
    await expect(
      ds.getRepository(CompanySetupEntity).insert({ companyId: mine, depositAccount: '55010', fundingAccount: '3300' }),
    ).rejects.toThrow(/foreign key/i);
    await ds.getRepository(CompanySetupEntity).insert({ companyId: mine, depositAccount: '55010' });
    await ds.getRepository(CompanySetupEntity).update({ companyId: mine }, { fundingAccount: '55010' });
    expect((await ds.getRepository(CompanySetupEntity).findOneBy({ companyId: mine }))?.fundingAccount).toBe('55010');
    await expect(ds.getRepository(LedgerAccountEntity).delete({ companyId: mine })).rejects.toThrow(/foreign key/i);
    expect(await ds.getRepository(CategoryEntity).countBy({ companyId: mine })).toBe(0);
  });

  const transaction = (id: string, company: string, platformId: string, bookedOn = '2026-11-02') => ({
    id,
    companyId: company,
    platformId,
    kind: 'card_expense' as const,
    state: 'received' as const,
    version: 1,
    bookedOn,
    amount: 9_007_199_254_740_991,
    currency: 'DKK',
    contentHash: 'a'.repeat(64),
  });

  it("stores a platform's transaction once per company, amounts beyond 2^31 exact, and drops them with the company", async () => {
    const [mine, other] = ['c0000000-0000-4000-8000-000000000031', 'c0000000-0000-4000-8000-000000000032'];
    await ds.getRepository(CompanyEntity).insert([
      { id: mine, name: 'H ApS' },
      { id: other, name: 'I ApS' },
    ]);
    const repo = ds.getRepository(TransactionEntity);
    await repo.insert(transaction('70000000-0000-4000-8000-000000000031', mine, 'tx-1'));
    await expect(repo.insert(transaction('70000000-0000-4000-8000-000000000032', mine, 'tx-1'))).rejects.toThrow(
      /unique/i,
    );
    // Another company may use the same platform id.
    await repo.insert(transaction('70000000-0000-4000-8000-000000000033', other, 'tx-1'));
    const stored = await repo.findOneByOrFail({ id: '70000000-0000-4000-8000-000000000031' });
    expect([stored.amount, stored.bookedOn, stored.lines]).toEqual([9_007_199_254_740_991, '2026-11-02', null]);
    await ds.getRepository(CompanyEntity).delete({ id: mine });
    expect(await repo.countBy({ companyId: mine })).toBe(0);
    expect(await repo.countBy({ companyId: other })).toBe(1);
  });

  it('keeps one receipt per transaction, only for a transaction that exists, and drops it with the transaction', async () => {
    const company = 'c0000000-0000-4000-8000-000000000041';
    await ds.getRepository(CompanyEntity).insert({ id: company, name: 'R ApS' });
    const tx = '70000000-0000-4000-8000-000000000041';
    await ds.getRepository(TransactionEntity).insert(transaction(tx, company, 'tx-r'));
    const repo = ds.getRepository(TransactionReceiptEntity);
    const receipt = (transactionId: string) => ({
      transactionId,
      companyId: company,
      sha256: 'b'.repeat(64),
      contentType: 'image/jpeg',
      size: 5_999_999,
      fileName: 'kvittering.webp',
      receivedContentType: 'image/webp',
      receivedSize: 7_000_000,
      converted: true,
      shrunk: false,
      receivedAt: new Date('2026-11-24T08:00:00.000Z'),
    });
    await repo.insert(receipt(tx));
    await expect(repo.insert(receipt(tx))).rejects.toThrow();
    await expect(repo.insert(receipt('70000000-0000-4000-8000-0000000000ff'))).rejects.toThrow();
    const stored = await repo.findOneByOrFail({ transactionId: tx });
    expect([stored.converted, stored.shrunk, stored.receivedAt.toISOString()]).toEqual([
      true,
      false,
      '2026-11-24T08:00:00.000Z',
    ]);
    await ds.getRepository(TransactionEntity).delete({ id: tx });
    expect(await repo.countBy({ companyId: company })).toBe(0);
  });

  it('copies each outbox row’s company from its export when the column comes', async () => {
    await rollBackTo('OutboxByExport1764001300000');
    const company = 'c0000000-0000-4000-8000-000000000043';
    await ds.getRepository(CompanyEntity).insert({ id: company, name: 'K ApS' });
    const tx = '70000000-0000-4000-8000-000000000043';
    await ds.getRepository(TransactionEntity).insert(transaction(tx, company, 'tx-43'));
    const exportId = 'e0000000-0000-4000-8000-000000000043';
    await ds.getRepository(ExportEntity).insert({
      id: exportId,
      companyId: company,
      transactionId: tx,
      transactionVersion: 1,
      providerKey: 'dinero',
      state: 'queued',
    });
    // A raw row in the old shape: the entity already has the new column.
    await ds.query(
      `INSERT INTO export_outbox (id, export_id, job_kind, attempts) ` +
        `VALUES ('f0000000-0000-4000-8000-000000000043', '${exportId}', 'export.run', 0)`,
    );
    await ds.runMigrations({ transaction: 'each' });
    const [row] = await ds.getRepository(ExportOutboxEntity).findBy({ exportId });
    expect(row?.companyId).toBe(company);
    await ds.getRepository(CompanyEntity).delete({ id: company });
  });

  it('keeps one export per (company, transaction, version, provider), names real transactions, and drops them with the company', async () => {
    const company = 'c0000000-0000-4000-8000-000000000042';
    await ds.getRepository(CompanyEntity).insert({ id: company, name: 'J ApS' });
    const tx = '70000000-0000-4000-8000-000000000042';
    await ds.getRepository(TransactionEntity).insert(transaction(tx, company, 'tx-42'));
    const repo = ds.getRepository(ExportEntity);
    const row = (id: string, over: Partial<ExportEntity> = {}) => ({
      id,
      companyId: company,
      transactionId: tx,
      transactionVersion: 1,
      providerKey: 'dinero',
      state: 'queued' as const,
      ...over,
    });
    await repo.insert(row('e0000000-0000-4000-8000-000000000001'));
    await expect(repo.insert(row('e0000000-0000-4000-8000-000000000002'))).rejects.toThrow(/unique/i);
    await repo.insert(row('e0000000-0000-4000-8000-000000000003', { transactionVersion: 2 }));
    await expect(
      repo.insert(
        row('e0000000-0000-4000-8000-000000000004', { transactionId: '70000000-0000-4000-8000-00000000dead' }),
      ),
    ).rejects.toThrow(/foreign key/i);
    await ds.getRepository(ExportOutboxEntity).insert({
      id: 'f0000000-0000-4000-8000-000000000001',
      companyId: company,
      exportId: 'e0000000-0000-4000-8000-000000000001',
      jobKind: 'export.run',
    });
    const stored = await repo.findOneByOrFail({ id: 'e0000000-0000-4000-8000-000000000001' });
    expect(stored).toMatchObject({ attempts: 0, providerId: null, leaseExpiresAt: null, batchId: null });
    await ds.getRepository(CompanyEntity).delete({ id: company });
    expect(await repo.countBy({ companyId: company })).toBe(0);
    expect(await ds.getRepository(ExportOutboxEntity).count()).toBe(0);
  });

  (databaseUrl ? it : it.skip)('pages transactions by the keyset index, not by scanning the company', async () => {
    const qr = ds.createQueryRunner();
    await qr.connect();
    try {
      // Without a planner nudge a tiny table is always scanned; the question is only whether the index can serve.
      await qr.query('SET enable_seqscan = off');
      const plan: Array<{ 'QUERY PLAN': string }> = await qr.query(
        `EXPLAIN SELECT * FROM transactions WHERE company_id = $1 AND kind = $2 AND (booked_on, id) < ($3, $4) ` +
          `ORDER BY booked_on DESC, id DESC LIMIT 50`,
        ['c0000000-0000-4000-8000-000000000032', 'card_expense', '2026-11-30', 'ffffffff-0000-4000-8000-000000000000'],
      );
      const text = plan.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toMatch(/Index (Only )?Scan (Backward )?using "?IDX_transactions_kind"?/);
      expect(text).not.toMatch(/Sort/);
    } finally {
      await qr.release();
    }
  });

  it('never lets a company with an audit trail be deleted, and keeps the trail', async () => {
    const other = 'c0000000-0000-4000-8000-000000000003';
    await ds.getRepository(CompanyEntity).insert({ id: other, name: 'C ApS' });
    await ds.getRepository(AuditEntryEntity).insert({
      id: 'e0000000-0000-4000-8000-000000000001',
      chain: other,
      seq: 1,
      companyId: other,
      actor: 'system',
      action: 'company.created',
      subjectType: 'company',
      subjectId: other,
      before: null,
      after: null,
      createdAt: new Date(),
      prevHash: '0'.repeat(64),
      hash: '1'.repeat(64),
    });
    await expect(ds.getRepository(CompanyEntity).delete({ id: other })).rejects.toThrow(/foreign key/i);
    expect(await ds.getRepository(AuditEntryEntity).countBy({ chain: other })).toBe(1);
  });

  it('keeps superseded connections but allows only one active connection per company', async () => {
    const repo = ds.getRepository(ConnectionEntity);
    await repo.insert(connection('d0000000-0000-4000-8000-000000000011', 'replaced'));
    await repo.insert(connection('d0000000-0000-4000-8000-000000000012', 'disconnected'));
    await repo.insert(connection('d0000000-0000-4000-8000-000000000013', 'connected'));
    await expect(
      repo.insert(connection('d0000000-0000-4000-8000-000000000014', 'pending_authorization')),
    ).rejects.toThrow(/unique/i);
    expect(await repo.countBy({ companyId })).toBe(3);
  });

  (databaseUrl ? it : it.skip)('stores instants on PostgreSQL, whatever the session or process time zone', async () => {
    const qr = ds.createQueryRunner();
    await qr.connect();
    const id = 'c0000000-0000-4000-8000-000000000004';
    const revokedAt = new Date('2026-11-24T08:00:00.000Z');
    try {
      await qr.query(`SET TIME ZONE 'Pacific/Auckland'`);
      process.env['TZ'] = 'America/New_York';
      const before = Date.now();
      await qr.manager.getRepository(CompanyEntity).insert({ id, name: 'D ApS' });
      await qr.manager.getRepository(ApiKeyEntity).insert({
        id: 'a0000000-0000-4000-8000-000000000004',
        role: 'company',
        companyId: id,
        name: 'k',
        prefix: 'lb_y',
        secretHash: 'd'.repeat(64),
        revokedAt,
      });
      process.env['TZ'] = 'UTC';
      // Read in another session (UTC) and by a process in UTC: the same instants.
      const company = await ds.getRepository(CompanyEntity).findOneByOrFail({ id });
      expect(Math.abs(company.createdAt.getTime() - before)).toBeLessThan(60_000);
      expect((await ds.getRepository(ApiKeyEntity).findOneByOrFail({ companyId: id })).revokedAt?.toISOString()).toBe(
        revokedAt.toISOString(),
      );
    } finally {
      process.env['TZ'] = 'UTC';
      await qr.query('RESET TIME ZONE');
      await qr.release();
    }
  });

  it('keeps the instants of rows stored before timestamps became zone-aware', async () => {
    const index = ds.migrations.findIndex((m) => m.name === 'HistoryKeysInstants1764000300000');
    for (let i = ds.migrations.length; i > index; i--) await ds.undoLastMigration({ transaction: 'each' });
    const id = 'c0000000-0000-4000-8000-000000000005';
    // What the host wrote under TZ=UTC into the zone-less columns.
    await ds.query(
      `INSERT INTO companies (id, name, base_currency, created_at, updated_at) VALUES ('${id}', 'E ApS', 'DKK', '2026-11-24 08:00:00', '2026-11-24 08:00:00')`,
    );
    await ds.runMigrations({ transaction: 'each' });
    expect((await ds.getRepository(CompanyEntity).findOneByOrFail({ id })).createdAt.toISOString()).toBe(
      '2026-11-24T08:00:00.000Z',
    );
  });

  it('names the database without its password', () => {
    expect(describeDatabase({ databaseUrl: 'postgres://u:secret@db.local:5433/lb', dataDir })).toBe(
      'PostgreSQL at db.local:5433/lb',
    );
  });
});
