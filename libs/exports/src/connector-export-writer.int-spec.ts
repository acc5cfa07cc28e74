import { AuditTrail } from '@ledgerbridge/audit';
import { ConnectorError } from '@ledgerbridge/connector-sdk';
import { ConnectionEntity, ExportEntity, TransactionReceiptEntity } from '@ledgerbridge/persistence';
import { isPutBack } from '@ledgerbridge/queue';
import { DataSource } from 'typeorm';
import { ExportLedger } from './export-ledger';
import { databaseName, migratedDatabase } from './test-support/ledger-db';
import { MemoryProvider, memoryPorts } from './test-support/memory-provider';
import { storedCardExpense, writerCompany } from './test-support/writer-fixtures';
import { lostAnswer, runnerOver as harness, runnerWith } from './test-support/writer-harness';

const lost = lostAnswer;

describe(`ConnectorExportWriter on ${databaseName}`, () => {
  let db: Awaited<ReturnType<typeof migratedDatabase>>;
  let ds: DataSource;
  let ledger: ExportLedger;

  beforeAll(async () => {
    db = await migratedDatabase();
    ds = db.ds;
    ledger = new ExportLedger(ds, new AuditTrail(ds));
  });
  afterAll(() => db.close());

  const row = (id: string) => ds.getRepository(ExportEntity).findOneByOrFail({ id });

  const runnerOver = (provider: MemoryProvider, allowance?: { requests: number; perMs: number }) =>
    harness(ds, ledger, provider, allowance);

  const company = () => writerCompany(ds);
  const cardExpense = (companyId: string, ports: ReturnType<typeof memoryPorts>, receipt = true) =>
    storedCardExpense(ds, companyId, ports, receipt);

  it('uploads the receipt, stores its handle before the create, and creates the voucher once', async () => {
    const provider = new MemoryProvider();
    const { runner, ports } = runnerOver(provider);
    const { companyId } = await company();
    const id = await cardExpense(companyId, ports);
    let storedBeforeCreate: string | null = null;
    provider.beforeCreate = async () => void (storedBeforeCreate = (await row(id)).attachmentRef);
    expect(await runner.run({ companyId, exportId: id })).toBe('exported');
    expect(provider.calls).toEqual(['upload', 'create']);
    expect(provider.vouchers).toHaveLength(1);
    const [voucher] = provider.vouchers;
    expect(voucher!.externalRef).toBe(`lb-export-${id}`);
    expect(provider.files.get(voucher!.attachmentRef!.id)).toMatchObject({ fileName: 'dsb.pdf' });
    expect(storedBeforeCreate).toBe(voucher!.attachmentRef!.id);
    expect(await row(id)).toMatchObject({ state: 'exported', providerId: voucher!.id, providerStatus: 'draft' });
    expect(await runner.run({ companyId, exportId: id })).toBe('not_pending');
    expect(provider.vouchers).toHaveLength(1);
  });

  it('creates nothing once another worker took the lease over during the upload', async () => {
    const provider = new MemoryProvider();
    const { runner, ports } = runnerOver(provider);
    const { companyId } = await company();
    const id = await cardExpense(companyId, ports);
    provider.afterUpload = async () =>
      void (await ds.getRepository(ExportEntity).update({ id }, { leaseOwner: 'other-worker' }));
    expect(await runner.run({ companyId, exportId: id })).toBe('lease_lost');
    expect(provider.calls).toEqual(['upload']);
    expect(provider.vouchers).toHaveLength(0);
    expect(await row(id)).toMatchObject({ state: 'sending', leaseOwner: 'other-worker', attachmentRef: null });
  });

  it('creates nothing when the lease was taken over right after the claim (a stalled job run twice)', async () => {
    const provider = new MemoryProvider();
    const ports = memoryPorts(provider);
    // The claim succeeds, then another worker takes the export over before this one reaches the provider.
    const overtaken = Object.create(ledger) as ExportLedger;
    overtaken.claim = async (...args: Parameters<ExportLedger['claim']>) => {
      const claimed = await ledger.claim(...args);
      await ds.getRepository(ExportEntity).update({ id: args[0] }, { leaseOwner: 'other-worker' });
      return claimed;
    };
    const { companyId } = await company();
    const id = await cardExpense(companyId, ports, false);
    expect(await runnerWith(ds, overtaken, ports).run({ companyId, exportId: id })).toBe('lease_lost');
    expect(provider.calls).toEqual([]);
    expect(await row(id)).toMatchObject({ state: 'sending', leaseOwner: 'other-worker', createSentAt: null });
  });

  it('finds a voucher whose create answer was lost through its receipt, and writes no second one', async () => {
    const provider = new MemoryProvider();
    const { runner, ports } = runnerOver(provider);
    const { companyId } = await company();
    const id = await cardExpense(companyId, ports);
    provider.faults.push({ on: 'create', then: 'commit_and_lose', error: lost() });
    expect(await runner.run({ companyId, exportId: id })).toBe('exported');
    expect(provider.calls).toEqual(['upload', 'create', 'lookup']);
    expect(provider.vouchers).toHaveLength(1);
    expect(await row(id)).toMatchObject({ state: 'exported', providerId: provider.vouchers[0]!.id });
  });

  it.each([
    ['died before sending the create: writes it, no lookup owed', null, ['create']],
    ['sent the create and died: looks it up first, writes only when surely absent', new Date(), ['lookup', 'create']],
  ])('an earlier claim that uploaded the receipt and %s', async (_, createSentAt, calls) => {
    const provider = new MemoryProvider();
    const { runner, ports } = runnerOver(provider);
    const { companyId } = await company();
    const id = await cardExpense(companyId, ports);
    await ledger.claim(id, companyId, 'dead-worker', -1);
    await ds.getRepository(ExportEntity).update({ id }, { attachmentRef: 'file-earlier', createSentAt });
    provider.files.set('file-earlier', {
      fileName: 'dsb.pdf',
      contentType: 'application/pdf',
      bytes: Buffer.from('x'),
    });
    expect(await runner.run({ companyId, exportId: id })).toBe('exported');
    expect(provider.calls).toEqual(calls);
    expect(provider.vouchers.map((v) => v.attachmentRef?.id)).toEqual(['file-earlier']);
  });

  it('leaves an export in_doubt with the reason when the lookup cannot tell', async () => {
    const provider = new MemoryProvider();
    const { runner, ports } = runnerOver(provider);
    const { companyId } = await company();
    const id = await cardExpense(companyId, ports);
    provider.faults.push({ on: 'create', then: 'commit_and_lose', error: lost() });
    provider.lookupSaysUnknown = true;
    expect(await runner.run({ companyId, exportId: id })).toBe('in_doubt');
    expect(await row(id)).toMatchObject({
      state: 'in_doubt',
      lastErrorCode: 'lookup_unknown',
      lastErrorMessage: expect.stringContaining('The provider could not tell.'),
    });
    expect(provider.vouchers).toHaveLength(1);
    expect(provider.calls.filter((c) => c === 'create')).toHaveLength(1);
  });

  it.each([
    ['attached before the export', -60_000],
    ['attached after the export was requested', 60_000],
  ])('writes an expense whose earlier claim sent no create, receipt %s, without a lookup', async (_, receivedInMs) => {
    const provider = new MemoryProvider();
    const { runner, ports } = runnerOver(provider);
    const { companyId } = await company();
    const id = await cardExpense(companyId, ports);
    const receivedAt = new Date(Date.now() + Number(receivedInMs));
    await ds
      .getRepository(TransactionReceiptEntity)
      .update({ transactionId: (await row(id)).transactionId }, { receivedAt });
    // A worker died during the upload (or was put back by a 429); Dinero finds no draft without a file.
    await ledger.claim(id, companyId, 'dead-worker', -1);
    provider.lookupSaysUnknown = true;
    expect(await runner.run({ companyId, exportId: id })).toBe('exported');
    expect(provider.calls).toEqual(['upload', 'create']);
  });

  it('marks the create as sent before sending it, and clears the mark when the provider surely refused it', async () => {
    const provider = new MemoryProvider();
    const { runner, ports } = runnerOver(provider);
    const { companyId } = await company();
    const id = await cardExpense(companyId, ports, false);
    let markedAtCreate: Date | null = null;
    provider.beforeCreate = async () => void (markedAtCreate = (await row(id)).createSentAt);
    provider.faults.push({ on: 'create', then: 'refuse', error: new ConnectorError('validation', 'Date is closed.') });
    expect(await runner.run({ companyId, exportId: id })).toBe('failed');
    expect(markedAtCreate).toBeInstanceOf(Date);
    expect((await row(id)).createSentAt).toBeNull();
    // Re-exported after the cause is fixed: a receipt-less expense is written, not left in doubt.
    await ds.getRepository(ExportEntity).update({ id }, { state: 'queued' });
    expect(await runner.run({ companyId, exportId: id })).toBe('exported');
    expect(provider.calls.filter((c) => c === 'lookup')).toHaveLength(0);
    expect(provider.vouchers).toHaveLength(1);
  });

  it('retries, looking up first, when the lookup after a lost create fails: never in_doubt, never twice', async () => {
    const provider = new MemoryProvider();
    const { runner, ports } = runnerOver(provider);
    const { companyId } = await company();
    const id = await cardExpense(companyId, ports);
    provider.faults.push({ on: 'create', then: 'commit_and_lose', error: lost() });
    provider.faults.push({ on: 'lookup', then: 'refuse', error: lost() });
    const thrown = await runner.run({ companyId, exportId: id }).catch((err: unknown) => err);
    expect(isPutBack(thrown)).toBe(true);
    expect(await row(id)).toMatchObject({ state: 'queued', lastErrorCode: 'answer_lost' });
    expect(await runner.run({ companyId, exportId: id })).toBe('exported');
    expect(provider.calls).toEqual(['upload', 'create', 'lookup', 'lookup']);
    expect(provider.vouchers).toHaveLength(1);
    expect(await row(id)).toMatchObject({ state: 'exported', providerId: provider.vouchers[0]!.id });
  });

  it('leaves an expense without a receipt in_doubt when its answer is lost: there is nothing to look it up by', async () => {
    const provider = new MemoryProvider();
    const { runner, ports } = runnerOver(provider);
    const { companyId } = await company();
    const id = await cardExpense(companyId, ports, false);
    provider.faults.push({ on: 'create', then: 'commit_and_lose', error: lost() });
    expect(await runner.run({ companyId, exportId: id })).toBe('in_doubt');
    expect(provider.calls).toEqual(['create']);
    expect(await row(id)).toMatchObject({ state: 'in_doubt', lastErrorCode: 'answer_lost', attachmentRef: null });
  });

  it('finds the journal entry an earlier attempt posted by its id (the export id) and posts none again', async () => {
    const provider = new MemoryProvider();
    const { runner } = runnerOver(provider);
    const { companyId, reimbursement } = await company();
    // An earlier attempt's entry arrived, its worker died before recording it.
    provider.entries.push({ id: reimbursement, date: '2026-11-24', lines: [], providerId: 'ledger-item-3' });
    await ledger.claim(reimbursement, companyId, 'dead-worker', -1);
    expect(await runner.run({ companyId, exportId: reimbursement })).toBe('exported');
    expect(provider.calls).toEqual(['lookup']);
    expect(await row(reimbursement)).toMatchObject({ state: 'exported', providerId: 'ledger-item-3', attempts: 2 });
  });

  it('sends an export back to queued when the lookup before a rewrite fails, writing nothing', async () => {
    const provider = new MemoryProvider();
    const { runner } = runnerOver(provider);
    const { companyId, reimbursement } = await company();
    await ledger.claim(reimbursement, companyId, 'dead-worker', -1);
    provider.faults.push({ on: 'lookup', then: 'refuse', error: lost() });
    const thrown = await runner.run({ companyId, exportId: reimbursement }).catch((err: unknown) => err);
    expect(isPutBack(thrown)).toBe(true);
    expect(await row(reimbursement)).toMatchObject({ state: 'queued', lastErrorCode: 'unavailable' });
    expect(provider.calls).toEqual(['lookup']);
    expect(provider.entries).toHaveLength(0);
  });

  it('posts a journal entry after a lost answer only when the lookup says it is absent', async () => {
    const provider = new MemoryProvider();
    const { runner } = runnerOver(provider);
    const { companyId, reimbursement } = await company();
    provider.faults.push({ on: 'post', then: 'refuse', error: lost() });
    const thrown = await runner.run({ companyId, exportId: reimbursement }).catch((err: unknown) => err);
    expect(isPutBack(thrown)).toBe(true);
    expect(await row(reimbursement)).toMatchObject({ state: 'queued', lastErrorCode: 'answer_lost' });
    expect(await runner.run({ companyId, exportId: reimbursement })).toBe('exported');
    expect(provider.calls).toEqual(['post', 'lookup', 'lookup', 'post']);
    expect(provider.entries.map((e) => e.id)).toEqual([reimbursement]);
  });

  it('answers a duplicate journal entry as exported without a second entry', async () => {
    const provider = new MemoryProvider();
    const { runner } = runnerOver(provider);
    const { companyId, reimbursement } = await company();
    provider.entries.push({ id: reimbursement, date: '2026-11-24', lines: [], providerId: 'ledger-item-7' });
    expect(await runner.run({ companyId, exportId: reimbursement })).toBe('exported');
    expect(provider.calls).toEqual(['post']);
    expect(provider.entries).toHaveLength(1);
    expect(await row(reimbursement)).toMatchObject({ state: 'exported', providerId: 'ledger-item-7' });
  });

  it("fails a voucher the provider refuses, with the provider's words and field", async () => {
    const provider = new MemoryProvider();
    const { runner, ports } = runnerOver(provider);
    const { companyId } = await company();
    const id = await cardExpense(companyId, ports);
    const refusal = new ConnectorError('validation', 'Konto 2200 findes ikke.', { field: 'Lines[0].AccountNumber' });
    provider.faults.push({ on: 'create', then: 'refuse', error: refusal });
    expect(await runner.run({ companyId, exportId: id })).toBe('failed');
    expect(await row(id)).toMatchObject({
      state: 'failed',
      lastErrorCode: 'validation',
      lastErrorMessage: 'Konto 2200 findes ikke. (Lines[0].AccountNumber)',
    });
    expect(provider.vouchers).toHaveLength(0);
  });

  it('asks for a reconnect when the provider refuses the credentials', async () => {
    const provider = new MemoryProvider();
    const { runner } = runnerOver(provider);
    const { companyId, reimbursement } = await company();
    const refusal = new ConnectorError('authentication', 'The API key was revoked.');
    provider.faults.push({ on: 'post', then: 'refuse', error: refusal });
    expect(await runner.run({ companyId, exportId: reimbursement })).toBe('needs_attention');
    expect(await row(reimbursement)).toMatchObject({
      state: 'needs_attention',
      lastErrorCode: 'reconnect',
      lastErrorMessage: expect.stringContaining('reconnect'),
    });
  });

  it("parks an export in needs_attention with the provider's words when the organization's plan lapsed", async () => {
    const provider = new MemoryProvider();
    const { runner } = runnerOver(provider);
    const { companyId, reimbursement } = await company();
    const refusal = new ConnectorError('forbidden', 'Organisationen har ikke et betalt abonnement.', {
      httpStatus: 403,
    });
    provider.faults.push({ on: 'post', then: 'refuse', error: refusal });
    expect(await runner.run({ companyId, exportId: reimbursement })).toBe('needs_attention');
    expect(await row(reimbursement)).toMatchObject({
      state: 'needs_attention',
      lastErrorCode: 'forbidden',
      lastErrorMessage: 'Organisationen har ikke et betalt abonnement.',
    });
    expect(provider.entries).toHaveLength(0);
  });

  it('puts the job back with the export still queued and its attempts uncounted when the budget is spent', async () => {
    const provider = new MemoryProvider();
    const { runner, ports } = runnerOver(provider, { requests: 3, perMs: 60_000 });
    const { companyId } = await company();
    const id = await cardExpense(companyId, ports);
    await ports.pacing.reserve('dinero:100001', ports.allowance, 2);
    const thrown = await runner.run({ companyId, exportId: id }).catch((err: unknown) => err);
    expect(isPutBack(thrown)).toBe(true);
    expect(await row(id)).toMatchObject({ state: 'queued', attempts: 0, leaseOwner: null, lastErrorCode: null });
    expect(provider.calls).toEqual([]);
  });

  it('sends back to queued, not failed, when the provider is rate limited before sending', async () => {
    const provider = new MemoryProvider();
    const { runner } = runnerOver(provider);
    const { companyId, reimbursement } = await company();
    const refusal = new ConnectorError('rate_limited', 'Too many requests.', { retryAfterMs: 5_000 });
    provider.faults.push({ on: 'post', then: 'refuse', error: refusal });
    const thrown = await runner.run({ companyId, exportId: reimbursement }).catch((err: unknown) => err);
    expect(isPutBack(thrown) && thrown.untilMs - Date.now()).toBeGreaterThanOrEqual(4_500);
    expect(await row(reimbursement)).toMatchObject({ state: 'queued', attempts: 1, lastErrorCode: 'rate_limited' });
    expect(provider.entries).toHaveLength(0);
  });

  it('parks an export whose company has no active connection in needs_attention, sending nothing', async () => {
    const provider = new MemoryProvider();
    const { runner } = runnerOver(provider);
    const { companyId, reimbursement } = await company();
    await ds.getRepository(ConnectionEntity).update({ companyId }, { status: 'replaced', credentials: null });
    expect(await runner.run({ companyId, exportId: reimbursement })).toBe('needs_attention');
    expect(await row(reimbursement)).toMatchObject({ state: 'needs_attention', lastErrorCode: 'not_connected' });
    expect(provider.calls).toEqual([]);
  });
});
