import { AuditTrail } from '@ledgerbridge/audit';
import { ExportEntity } from '@ledgerbridge/persistence';
import { DataSource } from 'typeorm';
import { ExportLedger } from './export-ledger';
import type { ExportWriter, WriteOutcome } from './export-runner';
import { DEFAULT_EXPORT_WORKER_OPTIONS } from './export-worker-options';
import { LedgerExportRunner } from './ledger-export-runner';
import { ProviderWriteNotBuilt } from './provider-write-not-built';
import { companyWithTransactions, databaseName, exportIn, migratedDatabase } from './test-support/ledger-db';
import { setupAccountsOf } from './test-support/expense-company';

/** A writer that records what it was handed and whether the lease was still the caller's at that moment. */
class RecordingWriter implements ExportWriter {
  readonly built = true;
  readonly calls: { exportId: string; kind: string; leaseHeld: boolean }[] = [];
  constructor(
    private readonly ledger: ExportLedger,
    private readonly outcome: WriteOutcome,
  ) {}
  async write(row: ExportEntity, postings: { kind: string }, leaseOwner: string): Promise<WriteOutcome> {
    this.calls.push({
      exportId: row.id,
      kind: postings.kind,
      leaseHeld: (await this.ledger.extendLeases([row.id], row.companyId, leaseOwner, 60_000)).has(row.id),
    });
    return this.outcome;
  }
}

describe(`LedgerExportRunner on ${databaseName}`, () => {
  let db: Awaited<ReturnType<typeof migratedDatabase>>;
  let ds: DataSource;
  let ledger: ExportLedger;
  const options = { ...DEFAULT_EXPORT_WORKER_OPTIONS, relayIntervalMs: 0, sweepIntervalMs: 0 };

  beforeAll(async () => {
    db = await migratedDatabase();
    ds = db.ds;
    ledger = new ExportLedger(ds, new AuditTrail(ds));
  });
  afterAll(() => db.close());

  const row = (id: string) => ds.getRepository(ExportEntity).findOneByOrFail({ id });

  /** A company whose setup and chart let the rules book an outside-paid reimbursement. */
  async function mappableExport() {
    const { companyId, transactionIds } = await companyWithTransactions(ds, 1);
    await setupAccountsOf(ds, companyId);
    return { companyId, id: await exportIn(ds, companyId, transactionIds[0]!, 'queued') };
  }

  it('parks an export the rules refuse in needs_attention with their reasons in words, and sends nothing', async () => {
    const { companyId, transactionIds } = await companyWithTransactions(ds, 1);
    const id = await exportIn(ds, companyId, transactionIds[0]!, 'queued');
    const writer = new RecordingWriter(ledger, { kind: 'exported', providerId: 'never' });
    const runner = new LedgerExportRunner(ds, ledger, writer, options);
    expect(await runner.run({ companyId, exportId: id })).toBe('needs_attention');
    expect(await row(id)).toMatchObject({
      state: 'needs_attention',
      attempts: 1,
      lastErrorCode: 'setup_incomplete',
      lastErrorMessage: 'The company has not saved its setup yet.',
      leaseOwner: null,
    });
    expect(writer.calls).toEqual([]);
    expect(await runner.run({ companyId, exportId: id })).toBe('not_pending');
  });

  it('leaves a sendable export queued and untouched while the provider write is not built', async () => {
    const { companyId, id } = await mappableExport();
    const runner = new LedgerExportRunner(ds, ledger, new ProviderWriteNotBuilt(), options);
    expect(await runner.run({ companyId, exportId: id })).toBe('write_not_built');
    expect(await row(id)).toMatchObject({ state: 'queued', attempts: 0, leaseOwner: null });
  });

  it('hands a sendable export to the writer under a held lease and records its answer', async () => {
    const { companyId, id } = await mappableExport();
    const writer = new RecordingWriter(ledger, {
      kind: 'exported',
      providerId: 'ledger-item-id',
      providerVersion: 'ts1',
    });
    const runner = new LedgerExportRunner(ds, ledger, writer, options);
    expect(await runner.run({ companyId, exportId: id })).toBe('exported');
    expect(writer.calls).toEqual([{ exportId: id, kind: 'journal_entry', leaseHeld: true }]);
    expect(await row(id)).toMatchObject({
      state: 'exported',
      providerId: 'ledger-item-id',
      providerVersion: 'ts1',
      attempts: 1,
      leaseOwner: null,
    });
  });

  it('does not write when another worker holds the lease', async () => {
    const { companyId, id } = await mappableExport();
    await ledger.claim(id, companyId, 'another-worker', 60_000);
    const writer = new RecordingWriter(ledger, { kind: 'exported', providerId: 'x' });
    const runner = new LedgerExportRunner(ds, ledger, writer, options);
    expect(await runner.run({ companyId, exportId: id })).toBe('not_pending');
    expect(writer.calls).toEqual([]);
    expect(await row(id)).toMatchObject({ state: 'sending', leaseOwner: 'another-worker' });
  });
});
