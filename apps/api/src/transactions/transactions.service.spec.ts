import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditTrail } from '@ledgerbridge/audit';
import {
  AuditEntryEntity,
  CategoryEntity,
  CompanyEntity,
  ExportEntity,
  TransactionEntity,
  createDataSource,
  dataSourceOptions,
} from '@ledgerbridge/persistence';
import { DataSource, In } from 'typeorm';
import { ChartStore } from '../chart/chart-store';
import { ReceiptsService } from '../receipts/receipts.service';
import { TransactionsService } from './transactions.service';
import { ExportLedger, ExportRequests } from '@ledgerbridge/exports';

const COMPANY = 'c0000000-0000-4000-8000-0000000000b1';

const expense = (platformId: string, amount = 12500) => ({
  platformId,
  kind: 'card_expense',
  bookedOn: '2026-11-24',
  amount,
  currency: 'DKK',
  merchant: 'DSB',
  description: 'Togbillet',
  employeeId: 'emp-42',
  employeeName: 'Mette Hansen',
  categoryKey: 'travel',
});

describe('TransactionsService: the unique key, not a read, decides a resend', () => {
  let dataDir: string;
  let ds: DataSource;
  let company: CompanyEntity;
  // Two services with their own audit trails, as two processes have.
  let one: TransactionsService;
  let other: TransactionsService;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lb-transactions-'));
    ds = createDataSource(dataSourceOptions({ dataDir }));
    await ds.initialize();
    await ds.runMigrations();
    await ds.getRepository(CompanyEntity).insert({ id: COMPANY, name: 'Ingest ApS' });
    company = await ds.getRepository(CompanyEntity).findOneByOrFail({ id: COMPANY });
    const account = {
      number: '2000',
      name: 'Vareforbrug',
      kind: 'expense' as const,
      active: true,
      expenseAllowed: true,
    };
    await ds.transaction((tx) => new ChartStore().save(tx, COMPANY, [account], []));
    await ds.getRepository(CategoryEntity).insert({
      id: 'b0000000-0000-4000-8000-0000000000b1',
      companyId: COMPANY,
      key: 'travel',
      name: 'Rejser',
      accountNumber: '2000',
      taxCode: null,
    });
    const service = () =>
      new TransactionsService(
        new AuditTrail(ds),
        ds.getRepository(TransactionEntity),
        ds.getRepository(CategoryEntity),
        // Receipts are not this spec's subject: no transaction here has one.
        { summaries: async () => new Map() } as unknown as ReceiptsService,
        new ExportRequests(ds, new AuditTrail(ds), new ExportLedger(ds, new AuditTrail(ds))),
      );
    [one, other] = [service(), service()];
  });

  afterAll(async () => {
    await ds.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(() => jest.restoreAllMocks());

  // The window a read-then-write leaves open: the read saw nothing, and another send stored the row just after.
  const staleRead = () => jest.spyOn(ds.getRepository(TransactionEntity), 'findBy').mockResolvedValueOnce([]);

  it('answers unchanged when the row appeared after the read, and a conflict when its content differs', async () => {
    const first = await one.ingest(company, [expense('race-1')], 'test');
    expect(first.results[0]?.status).toBe('created');
    staleRead();
    const again = await other.ingest(company, [expense('race-1')], 'test');
    expect(again.results[0]).toMatchObject({ status: 'unchanged', transaction: first.results[0]?.transaction });
    staleRead();
    const changed = await other.ingest(company, [expense('race-1', 13000)], 'test');
    expect(changed.results[0]).toMatchObject({ status: 'conflict', fields: [{ field: 'items[0].amount' }] });
    expect(await ds.getRepository(TransactionEntity).countBy({ companyId: COMPANY, platformId: 'race-1' })).toBe(1);
    const id = first.results[0]?.transaction?.id;
    expect(await ds.getRepository(AuditEntryEntity).countBy({ subjectId: id, action: 'transaction.received' })).toBe(1);
  });

  it('stores a batch whole or not at all: a database failure on one new item leaves none of them, nor their audit', async () => {
    // A refusal only the database knows of, as a full disk or a lost connection would be.
    await ds.query(
      "CREATE TRIGGER refuse_boom BEFORE INSERT ON transactions WHEN NEW.platform_id = 'boom' BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    const audited = () => ds.getRepository(AuditEntryEntity).countBy({ companyId: COMPANY });
    const before = await audited();
    try {
      await expect(
        one.ingest(company, [expense('whole-1'), expense('boom'), expense('whole-2')], 'test'),
      ).rejects.toThrow(/disk full/);
    } finally {
      await ds.query('DROP TRIGGER refuse_boom');
    }
    expect(await ds.getRepository(TransactionEntity).countBy({ platformId: In(['whole-1', 'whole-2']) })).toBe(0);
    expect(await audited()).toBe(before);
    const retried = await one.ingest(company, [expense('whole-1'), expense('whole-2')], 'test');
    expect(retried.created).toBe(2);
  });

  it('judges a duplicate platform id within one batch against the item before it', async () => {
    const res = await one.ingest(company, [expense('dup'), expense('dup'), expense('dup', 1)], 'test');
    expect(res.results.map((r) => r.status)).toEqual(['created', 'unchanged', 'conflict']);
  });

  it("shows a transaction's export state, attempts, provider id and last error, in a resend's answer and its reads", async () => {
    const created = await one.ingest(company, [expense('exported-1')], 'test');
    const tx = created.results[0]!.transaction!;
    expect(tx).toMatchObject({ state: 'received', export: null });
    await ds.getRepository(ExportEntity).insert({
      id: 'e0000000-0000-4000-8000-0000000000b1',
      companyId: COMPANY,
      transactionId: tx.id,
      transactionVersion: 1,
      providerKey: 'dinero',
      state: 'exported',
      attempts: 2,
      providerId: 'voucher-guid',
      lastErrorCode: 'rate_limited',
      lastErrorMessage: 'Dinero asked to wait.',
    });
    const shown = {
      state: 'exported',
      export: {
        id: 'e0000000-0000-4000-8000-0000000000b1',
        state: 'exported',
        attempts: 2,
        providerId: 'voucher-guid',
        lastError: { code: 'rate_limited', message: 'Dinero asked to wait.' },
      },
    };
    const resent = await one.ingest(company, [expense('exported-1')], 'test');
    expect(resent.results[0]).toMatchObject({ status: 'unchanged', transaction: shown });
    expect(await one.get(COMPANY, tx.id)).toMatchObject(shown);
    const listed = await one.list(COMPANY, { state: 'exported', limit: 50 });
    expect(listed.items.map((t) => t.id)).toEqual([tx.id]);
    expect((await one.list(COMPANY, { state: 'received', limit: 50 })).items.map((t) => t.id)).not.toContain(tx.id);
  });
});
