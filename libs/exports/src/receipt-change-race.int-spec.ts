import { AuditTrail, type AuditEvent } from '@ledgerbridge/audit';
import { ConnectorError } from '@ledgerbridge/connector-sdk';
import { ExportEntity, TransactionReceiptEntity } from '@ledgerbridge/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { exportIdOf } from './export-id';
import { ExportLedger } from './export-ledger';
import { ExportRequests } from './export-requests';
import { ReceiptChanges } from './receipt-changes';
import { bookingCompany, cardExpenseOf, receiptOf, receiptRow } from './test-support/expense-company';
import { databaseName, databaseUrl, migratedDatabase } from './test-support/ledger-db';
import { MemoryProvider, memoryPorts } from './test-support/memory-provider';
import { runnerOver, runnerWith } from './test-support/writer-harness';

const OLD = Buffer.from('%PDF-1.4 the receipt first attached');
const NEW = Buffer.from('%PDF-1.4 the receipt that replaced it');

function gate() {
  let reach!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return { reached, released, reach, release };
}

/** An audit trail that holds its database transaction open right before it records `action`: a slow process. */
class HoldingAuditTrail extends AuditTrail {
  private readonly holds = new Map<string, ReturnType<typeof gate>>();
  private readonly all: ReturnType<typeof gate>[] = [];

  holdBefore(action: string) {
    const held = gate();
    this.holds.set(action, held);
    this.all.push(held);
    return held;
  }

  /** After a failed test, so no transaction stays open while the database closes. */
  releaseAll() {
    this.holds.clear();
    for (const held of this.all.splice(0)) held.release();
  }

  override async record(event: AuditEvent, tx?: EntityManager) {
    const held = this.holds.get(event.action);
    if (held && tx) {
      this.holds.delete(event.action);
      held.reach();
      await held.released;
    }
    return super.record(event, tx);
  }
}

/** Whether `promise` settles within `ms`; a promise that waits for a lock does not. */
const settlesWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);

describe(`A receipt change racing an export on ${databaseName}`, () => {
  let db: Awaited<ReturnType<typeof migratedDatabase>>;
  let ds: DataSource;
  // Process A changes receipts, process B requests exports. On PostgreSQL B has its own connections and audit
  // trail, as a second host process would, so only the database orders them; SQLite gives a process one connection.
  let dsB: DataSource;
  let auditA: HoldingAuditTrail;
  let auditB: HoldingAuditTrail;
  let changes: ReceiptChanges;
  let requests: ExportRequests;
  let ledger: ExportLedger;

  beforeAll(async () => {
    db = await migratedDatabase();
    ds = db.ds;
    dsB = databaseUrl ? await db.open() : ds;
    auditA = new HoldingAuditTrail(ds);
    auditB = databaseUrl ? new HoldingAuditTrail(dsB) : auditA;
    changes = new ReceiptChanges(ds, auditA);
    requests = new ExportRequests(dsB, auditB, new ExportLedger(dsB, auditB));
    ledger = new ExportLedger(ds, new AuditTrail(ds));
  });
  afterEach(() => {
    auditA.releaseAll();
    auditB.releaseAll();
  });
  afterAll(async () => {
    if (dsB !== ds) await dsB.destroy();
    await db.close();
  });

  /** A card expense with the OLD receipt and no export yet, and a worker over an in-memory Dinero. */
  async function expenseWithReceipt() {
    const provider = new MemoryProvider();
    const { runner, ports } = runnerOver(ds, ledger, provider);
    const { companyId } = await bookingCompany(ds);
    const transactionId = await cardExpenseOf(ds, companyId);
    await receiptOf(ds, companyId, transactionId, ports.receiptBytes, OLD, 'old.pdf');
    const exportId = exportIdOf(companyId, transactionId, 1, 'dinero');
    const replacement = () => receiptRow(companyId, transactionId, ports.receiptBytes, NEW, 'new.pdf');
    return { provider, runner, ports, companyId, transactionId, exportId, replacement };
  }

  /** The receipt on the voucher the provider holds, and the one the transaction shows. */
  async function receipts(provider: MemoryProvider, companyId: string, transactionId: string) {
    expect(provider.vouchers).toHaveLength(1);
    const uploaded = provider.files.get(provider.vouchers[0]!.attachmentRef!.id)!;
    const shown = await ds.getRepository(TransactionReceiptEntity).findOneByOrFail({ companyId, transactionId });
    return { onVoucher: uploaded.fileName, bytes: Buffer.from(uploaded.bytes), shown: shown.fileName };
  }

  it('holds an export requested while a receipt is being replaced until the change commits; it sends the new one', async () => {
    const { provider, runner, companyId, transactionId, exportId, replacement } = await expenseWithReceipt();
    const held = auditA.holdBefore('transaction.receipt_replaced');
    const change = changes.put(replacement(), 'key:a');
    await held.reached;

    const request = requests.request(companyId, { transactionIds: [transactionId] }, 'key:b');
    expect(await settlesWithin(request, 400)).toBe(false);
    // Had the request gone through, a worker running now would upload the old receipt before the change commits.
    expect(await runner.run({ companyId, exportId })).toBe('not_pending');

    held.release();
    await expect(change).resolves.toMatchObject({ fileName: 'new.pdf' });
    await expect(request).resolves.toMatchObject({ queued: 1 });
    expect(await runner.run({ companyId, exportId })).toBe('exported');
    const seen = await receipts(provider, companyId, transactionId);
    expect(seen).toEqual({ onVoucher: 'new.pdf', bytes: NEW, shown: 'new.pdf' });
  });

  it('holds a receipt change that comes while an export is being requested, then refuses it with a 409 reason', async () => {
    const { provider, runner, companyId, transactionId, exportId, replacement } = await expenseWithReceipt();
    const held = auditB.holdBefore('export.batch_requested');
    const request = requests.request(companyId, { transactionIds: [transactionId] }, 'key:b');
    await held.reached;

    const change = changes.put(replacement(), 'key:a');
    expect(await settlesWithin(change, 400)).toBe(false);
    const removal = changes.remove(companyId, transactionId, 'key:a');

    held.release();
    await expect(request).resolves.toMatchObject({ queued: 1 });
    const refusal = {
      name: 'ReceiptChangeRefused',
      reason: 'kept_by_export',
      state: 'queued',
      message: "The transaction's export is queued: its receipt can no longer change.",
    };
    await expect(change).rejects.toMatchObject(refusal);
    await expect(removal).rejects.toMatchObject(refusal);
    expect(await runner.run({ companyId, exportId })).toBe('exported');
    const seen = await receipts(provider, companyId, transactionId);
    expect(seen).toEqual({ onVoucher: 'old.pdf', bytes: OLD, shown: 'old.pdf' });
  });

  it('never uploads the receipt a worker read before its claim when a failed attempt, a new receipt and a re-export came in between', async () => {
    const provider = new MemoryProvider();
    const ports = memoryPorts(provider);
    const [first, second] = [runnerWith(ds, ledger, ports), runnerWith(ds, ledger, ports)];
    const { companyId } = await bookingCompany(ds);
    const transactionId = await cardExpenseOf(ds, companyId);
    await receiptOf(ds, companyId, transactionId, ports.receiptBytes, OLD, 'old.pdf');
    const exportId = exportIdOf(companyId, transactionId, 1, 'dinero');
    await requests.request(companyId, { transactionIds: [transactionId] }, 'key:b');

    // The first worker has read the export and its receipt, and reserves its calls; meanwhile all of this happens.
    const reserve = ports.pacing.reserveOrPutBack.bind(ports.pacing);
    let meanwhile = false;
    ports.pacing.reserveOrPutBack = async (...args: Parameters<typeof reserve>) => {
      if (!meanwhile) {
        meanwhile = true;
        const refused = new ConnectorError('validation', 'Dinero refused the voucher.', { field: 'Lines' });
        provider.faults.push({ on: 'create', then: 'refuse', error: refused });
        expect(await second.run({ companyId, exportId })).toBe('failed');
        await changes.put(receiptRow(companyId, transactionId, ports.receiptBytes, NEW, 'new.pdf'), 'key:a');
        await requests.reExport(companyId, transactionId, 'key:a');
      }
      return reserve(...args);
    };

    // Its claim expected the export as it read it, before its receipt: the export was claimed since, so it loses.
    expect(await first.run({ companyId, exportId })).toBe('lost_race');
    expect(await ds.getRepository(ExportEntity).findOneByOrFail({ id: exportId })).toMatchObject({
      state: 'queued',
      attempts: 1,
      attachmentRef: null,
      createSentAt: null,
    });
    expect(await first.run({ companyId, exportId })).toBe('exported');
    // The failed attempt uploaded the old receipt and created nothing; the voucher carries the new one.
    expect(provider.calls).toEqual(['upload', 'create', 'upload', 'create']);
    const seen = await receipts(provider, companyId, transactionId);
    expect(seen).toEqual({ onVoucher: 'new.pdf', bytes: NEW, shown: 'new.pdf' });
  });
});
