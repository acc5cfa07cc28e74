import { AuditTrail } from '@ledgerbridge/audit';
import { ExportEntity, ExportOutboxEntity } from '@ledgerbridge/persistence';
import { DataSource } from 'typeorm';
import { ExportLedger } from './export-ledger';
import { ExportRequests } from './export-requests';
import { databaseName, migratedDatabase } from './test-support/ledger-db';
import { MemoryProvider } from './test-support/memory-provider';
import { storedCardExpense, writerCompany } from './test-support/writer-fixtures';
import { lostAnswer, runnerOver } from './test-support/writer-harness';

/** An operator's resolution of an in_doubt export, followed through the real runner and writer. */
describe(`Resolving an in_doubt export on ${databaseName}`, () => {
  let db: Awaited<ReturnType<typeof migratedDatabase>>;
  let ds: DataSource;
  let ledger: ExportLedger;
  let requests: ExportRequests;

  beforeAll(async () => {
    db = await migratedDatabase();
    ds = db.ds;
    const trail = new AuditTrail(ds);
    ledger = new ExportLedger(ds, trail);
    requests = new ExportRequests(ds, trail, ledger);
  });
  afterAll(() => db.close());

  const row = (id: string) => ds.getRepository(ExportEntity).findOneByOrFail({ id });

  it.each([
    ['without a receipt', false, ['create', 'create']],
    ['with a receipt already uploaded', true, ['upload', 'create', 'lookup', 'create']],
  ])(
    'sends an expense %s again after "not there: send again", without a lookup leading back to in_doubt',
    async (_what, receipt, calls) => {
      const provider = new MemoryProvider();
      const { runner, ports } = runnerOver(ds, ledger, provider);
      const { companyId } = await writerCompany(ds);
      const id = await storedCardExpense(ds, companyId, ports, receipt);
      // The create never reached the books, but its answer is unknown; with a receipt the lookup cannot tell either
      // (and still could not when it is sent again: the operator's word must be enough).
      provider.faults.push({ on: 'create', then: 'refuse', error: lostAnswer() });
      provider.lookupSaysUnknown = receipt;
      expect(await runner.run({ companyId, exportId: id })).toBe('in_doubt');
      expect(provider.vouchers).toHaveLength(0);
      const { transactionId, createSentAt } = await row(id);
      expect(createSentAt).not.toBeNull();

      const resolved = await requests.resolve(companyId, transactionId, { notThere: true }, 'key:operator');
      expect(resolved).toMatchObject({ id, state: 'queued', createSentAt: null });
      expect(await ds.getRepository(ExportOutboxEntity).countBy({ exportId: id })).toBeGreaterThanOrEqual(1);
      expect(await runner.run({ companyId, exportId: id })).toBe('exported');
      expect(provider.calls).toEqual(calls);
      expect(provider.vouchers).toHaveLength(1);
      expect(await row(id)).toMatchObject({ state: 'exported', providerId: provider.vouchers[0]!.id });
    },
  );

  it('records a provider id found by hand and sends nothing', async () => {
    const provider = new MemoryProvider();
    const { runner, ports } = runnerOver(ds, ledger, provider);
    const { companyId } = await writerCompany(ds);
    const id = await storedCardExpense(ds, companyId, ports, false);
    provider.faults.push({ on: 'create', then: 'commit_and_lose', error: lostAnswer() });
    expect(await runner.run({ companyId, exportId: id })).toBe('in_doubt');
    const { transactionId } = await row(id);
    const found = await requests.resolve(companyId, transactionId, { providerId: provider.vouchers[0]!.id }, 'key:op');
    expect(found).toMatchObject({ state: 'exported', providerId: provider.vouchers[0]!.id });
    expect(provider.calls).toEqual(['create']);
  });
});
