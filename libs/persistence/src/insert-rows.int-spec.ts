import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditEntryEntity, CompanyEntity, createDataSource, dataSourceOptions, insertRows } from './index';

// Runs on SQLite, and on PostgreSQL when DATABASE_URL is set (npm test runs both).
const databaseUrl = process.env['DATABASE_URL'] || undefined;

describe(`insertRows on ${databaseUrl ? 'PostgreSQL' : 'SQLite'}`, () => {
  let dataDir: string;
  let ds: DataSource;
  let companyId: string;

  const entry = (seq: number, over: Partial<AuditEntryEntity> = {}): AuditEntryEntity =>
    ds.getRepository(AuditEntryEntity).create({
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      chain: companyId,
      seq,
      companyId,
      actor: 'system',
      action: 'test.insert',
      subjectType: 'test',
      subjectId: seq % 2 ? `s${seq}` : null,
      before: null,
      after: JSON.stringify({ seq, text: 'it\'s "quoted" ? $1' }),
      createdAt: new Date(Date.UTC(2026, 11, 2, 17, 30, 0, seq)),
      prevHash: 'a'.repeat(64),
      hash: String(seq).padStart(64, 'b'),
      ...over,
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lb-insert-rows-'));
    ds = createDataSource(dataSourceOptions({ databaseUrl, dataDir }));
    await ds.initialize();
    await ds.dropDatabase();
    await ds.runMigrations({ transaction: 'each' });
    const company = await ds.getRepository(CompanyEntity).save({
      id: randomUUID(),
      name: 'Insert rows ApS',
      externalId: `insert-rows-${Date.now()}`,
      baseCurrency: 'DKK',
    });
    companyId = company.id;
  });

  afterAll(async () => {
    await ds.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores rows exactly as TypeORM’s own insert does (numbers, nulls, texts, dates to the millisecond)', async () => {
    const repo = ds.getRepository(AuditEntryEntity);
    await repo.insert(entry(1));
    await insertRows(ds.manager, AuditEntryEntity, [entry(2)]);
    await insertRows(ds.manager, AuditEntryEntity, [entry(3), entry(4), entry(5)]);
    const stored = await repo.find({ where: { chain: companyId }, order: { seq: 'ASC' } });
    expect(stored.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    for (const row of stored) expect({ ...row }).toEqual({ ...entry(row.seq) });
    // The row TypeORM wrote and the rows written here are stored alike, down to the raw column text.
    const raw: { seq: number; created_at: unknown }[] = await ds.query(
      `SELECT seq, created_at FROM audit_entries WHERE chain = ${databaseUrl ? '$1' : '?'} ORDER BY seq`,
      [companyId],
    );
    const shape = (v: unknown) => (v instanceof Date ? 'Date' : typeof v === 'string' ? v.replace(/\d/g, '9') : v);
    expect(new Set(raw.map((r) => shape(r.created_at))).size).toBe(1);
  });

  it('rolls back with the transaction it runs in, and refuses a row with a column left unset', async () => {
    await expect(
      ds.transaction(async (tx) => {
        await insertRows(tx, AuditEntryEntity, [entry(6)]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const unset = entry(7);
    delete (unset as Partial<AuditEntryEntity>).hash;
    await expect(insertRows(ds.manager, AuditEntryEntity, [unset])).rejects.toThrow(/audit_entries\.hash has no value/);
    const seqs = (await ds.getRepository(AuditEntryEntity).findBy({ chain: companyId })).map((e) => e.seq);
    expect(seqs).not.toContain(6);
    expect(seqs).not.toContain(7);
  });
});
