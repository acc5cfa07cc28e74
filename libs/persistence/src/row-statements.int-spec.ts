import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  AuditEntryEntity,
  CompanyEntity,
  createDataSource,
  dataSourceOptions,
  ExportEntity,
  findRow,
  insertRows,
  TransactionEntity,
  updateWhere,
} from './index';

// Runs on SQLite, and on PostgreSQL when DATABASE_URL is set (npm test runs both).
const databaseUrl = process.env['DATABASE_URL'] || undefined;

describe(`findRow and updateWhere on ${databaseUrl ? 'PostgreSQL' : 'SQLite'}`, () => {
  let dataDir: string;
  let ds: DataSource;
  let companyId: string;
  let transactionId: string;
  let exportId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lb-find-row-'));
    ds = createDataSource(dataSourceOptions({ databaseUrl, dataDir }));
    await ds.initialize();
    await ds.dropDatabase();
    await ds.runMigrations({ transaction: 'each' });
    companyId = randomUUID();
    await ds.getRepository(CompanyEntity).save({ id: companyId, name: 'Find row ApS', externalId: null });
    transactionId = randomUUID();
    await ds.getRepository(TransactionEntity).save({
      id: transactionId,
      companyId,
      platformId: 'p-1',
      kind: 'card_expense',
      state: 'received',
      version: 2,
      bookedOn: '2026-11-30',
      amount: 9_007_199_254_740, // minor units in a bigint column: PostgreSQL answers bigints as text
      currency: 'EUR',
      settledAmount: 67_213_400,
      exchangeRate: '7.4561',
      merchant: "Café 'Ø' ? $1",
      description: null,
      employeeId: 'e1',
      employeeName: 'Mette Hansen',
      categoryKey: null,
      taxCode: null,
      lines: [
        { categoryKey: 'office', taxCode: 'I25', amount: 1 },
        { categoryKey: 'travel', taxCode: null, amount: 2 },
      ],
      paidFrom: null,
      contentHash: 'c'.repeat(64),
    });
    exportId = randomUUID();
    await ds.getRepository(ExportEntity).save({
      id: exportId,
      companyId,
      transactionId,
      transactionVersion: 2,
      providerKey: 'dinero',
      state: 'sending',
      attempts: 3,
      createSentAt: new Date(Date.UTC(2026, 11, 2, 8, 15, 30, 123)),
      leaseOwner: 'worker-1',
      leaseExpiresAt: new Date(Date.UTC(2026, 11, 2, 8, 16, 0, 7)),
      attachmentRef: null,
    });
  });

  afterAll(async () => {
    await ds.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the entity findOneBy answers: numbers from bigints, JSON lines, dates to the millisecond, nulls', async () => {
    for (const [entity, where] of [
      [TransactionEntity, { id: transactionId, companyId }],
      [ExportEntity, { id: exportId, companyId }],
      [CompanyEntity, { id: companyId }],
    ] as const) {
      const ours = await findRow(ds.manager, entity as typeof ExportEntity, where);
      const theirs = await ds.manager.findOneBy(entity as typeof ExportEntity, where);
      expect(ours).toBeInstanceOf(entity);
      expect(ours).toEqual(theirs);
    }
    const transaction = await findRow(ds.manager, TransactionEntity, { id: transactionId });
    expect(transaction?.amount).toBe(9_007_199_254_740);
    expect(transaction?.lines?.[1]).toEqual({ categoryKey: 'travel', taxCode: null, amount: 2 });
    expect((await findRow(ds.manager, ExportEntity, { id: exportId }))?.createSentAt?.toISOString()).toBe(
      '2026-12-02T08:15:30.123Z',
    );
  });

  it('answers null when no row matches, also for a row of another company', async () => {
    expect(await findRow(ds.manager, ExportEntity, { id: exportId, companyId: randomUUID() })).toBeNull();
    expect(await findRow(ds.manager, TransactionEntity, { id: randomUUID() })).toBeNull();
  });

  it('answers the first row in the order asked (the audit chain’s head), inside a transaction too', async () => {
    const entry = (seq: number) =>
      ds.getRepository(AuditEntryEntity).create({
        id: randomUUID(),
        chain: companyId,
        seq,
        companyId,
        actor: 'system',
        action: 'test',
        subjectType: 'test',
        subjectId: null,
        before: null,
        after: null,
        createdAt: new Date(),
        prevHash: '0'.repeat(64),
        hash: String(seq).padStart(64, '0'),
      });
    await insertRows(ds.manager, AuditEntryEntity, [entry(1), entry(3), entry(2)]);
    const head = await findRow(ds.manager, AuditEntryEntity, { chain: companyId }, { seq: 'DESC' });
    expect(head?.seq).toBe(3);
    await ds.transaction(async (tx) => {
      await insertRows(tx, AuditEntryEntity, [entry(4)]);
      expect((await findRow(tx, AuditEntryEntity, { chain: companyId }, { seq: 'DESC' }))?.seq).toBe(4);
      expect((await findRow(tx, AuditEntryEntity, { chain: companyId }, { seq: 'ASC' }))?.seq).toBe(1);
    });
  });

  it('refuses a where value it cannot compare with =', async () => {
    await expect(findRow(ds.manager, ExportEntity, { id: null as never })).rejects.toThrow(/id needs a value/);
    await expect(findRow(ds.manager, ExportEntity, { nope: 'x' } as never)).rejects.toThrow(/no column for nope/);
  });

  it('updateWhere sets values and expressions where the condition holds, answers the rows changed, stamps updated_at to the millisecond', async () => {
    const before = await ds.manager.findOneByOrFail(ExportEntity, { id: exportId });
    await new Promise((r) => setTimeout(r, 5));
    const until = new Date(Date.UTC(2026, 11, 2, 8, 20, 0, 250));
    const condition = "id IN (:...ids) AND company_id = :companyId AND state = 'sending' AND lease_expires_at > :now";
    const params = { ids: [exportId, randomUUID()], companyId, now: new Date(Date.UTC(2026, 11, 2, 8, 15, 0)) };
    const set = {
      leaseExpiresAt: until,
      attachmentRef: 'file-1',
      lastErrorMessage: null,
      attempts: () => 'attempts + 1',
    };
    const stampedFrom = Date.now();
    expect(await updateWhere(ds.manager, ExportEntity, set, condition, params)).toBe(1);
    const stampedTo = Date.now();
    const after = await ds.manager.findOneByOrFail(ExportEntity, { id: exportId });
    expect(after).toEqual({
      ...before,
      leaseExpiresAt: until,
      attachmentRef: 'file-1',
      lastErrorMessage: null,
      attempts: before.attempts + 1,
      updatedAt: after.updatedAt,
    });
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    // Stamped to the millisecond on both databases (SQLite's CURRENT_TIMESTAMP would be whole seconds).
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(stampedFrom);
    expect(after.updatedAt.getTime()).toBeLessThanOrEqual(stampedTo);
    // The date compares as the column stores it: a lease that ends before `now` does not match.
    const later = { ...params, now: new Date(Date.UTC(2026, 11, 2, 8, 30, 0)) };
    expect(await updateWhere(ds.manager, ExportEntity, { attachmentRef: 'file-2' }, condition, later)).toBe(0);
    await expect(
      ds.transaction(async (tx) => {
        expect(await updateWhere(tx, ExportEntity, { attachmentRef: 'file-3' }, condition, params)).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await ds.manager.findOneByOrFail(ExportEntity, { id: exportId })).attachmentRef).toBe('file-1');
  });
});
