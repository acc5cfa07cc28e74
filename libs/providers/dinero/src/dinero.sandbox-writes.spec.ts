import { randomUUID } from 'node:crypto';
import {
  externalRef,
  money,
  type ExpenseVoucher,
  type JournalEntry,
  type ProviderConnection,
} from '@ledgerbridge/connector-sdk';
import { DineroConnector } from './dinero.connector';
import { SandboxProcess, sampleChartOf, type SampleChart } from './test-support/sandbox-process';

// The write paths end to end against the sandbox's books, with its faults standing in for lost answers.
const sandbox = new SandboxProcess();
let connector: DineroConnector;
let connection: ProviderConnection;
let chart: SampleChart;

interface Holdings {
  drafts: Array<{ Guid: string; ExternalReference: string | null; FileGuid: string | null }>;
  bookedVouchers: Array<{ Guid: string; Status: string }>;
  ledgerItems: Array<{ Id: string; Status: string }>;
  balances: Array<{ AccountNumber: number; Balance: number }>;
}

const holdings = async () => (await sandbox.control('GET', `organizations/${connection.organizationId}`)) as Holdings;
const faults = (rules: unknown[]) =>
  sandbox.control('PUT', `organizations/${connection.organizationId}/faults`, { rules });
const receipt = () => ({
  fileName: 'kvittering.pdf',
  contentType: 'application/pdf',
  bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'),
});

function expense(ref: string, fileGuid: string): ExpenseVoucher {
  return {
    date: '2025-11-20',
    paidFromAccount: chart.deposits[0].number,
    externalRef: externalRef(ref),
    attachmentRef: { id: fileGuid },
    lines: [
      {
        accountNumber: chart.expense.number,
        description: 'Café Norden',
        amount: money(12_550n, 'DKK'),
        taxCode: 'I25',
      },
    ],
  };
}

function topUp(id: string): JournalEntry {
  return {
    id,
    date: '2025-11-21',
    lines: [
      {
        accountNumber: chart.deposits[0].number,
        amount: money(50_000n, 'DKK'),
        description: 'Top-up',
        taxCode: 'none',
      },
      {
        accountNumber: chart.deposits[1].number,
        amount: money(-50_000n, 'DKK'),
        description: 'Top-up',
        taxCode: 'none',
      },
    ],
  };
}

const balanceOf = (all: Holdings, account: string) =>
  all.balances.find((row) => String(row.AccountNumber) === account)?.Balance ?? 0;

beforeAll(async () => {
  await sandbox.start({ SANDBOX_LEDGER_BOOKING_DELAY_MS: '0' });
  connector = new DineroConnector(sandbox.options({ timeoutMs: 1_500 }));
  connection = await sandbox.newOrganization();
  chart = sampleChartOf(await connector.listAccounts(connection));
}, 30_000);

afterAll(() => sandbox.stop(), 10_000);
afterEach(() => faults([]));

describe('Dinero writes against the sandbox', () => {
  it('finds a voucher whose create answer was lost (commit, then 500) through its receipt, exactly once', async () => {
    const { id: fileGuid } = await connector.uploadAttachment(connection, receipt());
    const ref = `lb-export-${randomUUID()}`;
    await faults([{ kind: 'commitThenFail', mode: 'error', pathContains: 'vouchers/purchase', remaining: 1 }]);
    await expect(connector.createExpenseVoucher(connection, expense(ref, fileGuid))).rejects.toMatchObject({
      code: 'unavailable',
      outcomeUnknown: true,
    });
    const found = await connector.findByExternalRef(connection, externalRef(ref), {
      kind: 'expenseVoucher',
      attachmentRef: { id: fileGuid },
    });
    const drafts = (await holdings()).drafts.filter((draft) => draft.ExternalReference === ref);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]?.FileGuid).toBe(fileGuid);
    expect(found).toMatchObject({ kind: 'found', providerId: drafts[0]?.Guid, providerStatus: 'draft' });
  }, 20_000);

  it('finds a voucher whose answer was lost and that the accountant approved before the lookup, as booked', async () => {
    const { id: fileGuid } = await connector.uploadAttachment(connection, receipt());
    const ref = `lb-export-${randomUUID()}`;
    await faults([{ kind: 'commitThenFail', mode: 'error', pathContains: 'vouchers/purchase', remaining: 1 }]);
    await expect(connector.createExpenseVoucher(connection, expense(ref, fileGuid))).rejects.toMatchObject({
      outcomeUnknown: true,
    });
    const [draft] = (await holdings()).drafts.filter((candidate) => candidate.ExternalReference === ref);
    await sandbox.control('POST', `organizations/${connection.organizationId}/vouchers/${draft?.Guid}/approve`, {});
    const found = await connector.findByExternalRef(connection, externalRef(ref), {
      kind: 'expenseVoucher',
      attachmentRef: { id: fileGuid },
    });
    expect(found).toMatchObject({ kind: 'found', providerId: draft?.Guid, providerStatus: 'booked' });
  }, 20_000);

  it("follows a draft to booked on the accountant's Godkend, and another one deleted", async () => {
    const first = await connector.uploadAttachment(connection, receipt());
    const second = await connector.uploadAttachment(connection, receipt());
    const approved = await connector.createExpenseVoucher(connection, expense(`lb-${randomUUID()}`, first.id));
    const removed = await connector.createExpenseVoucher(connection, expense(`lb-${randomUUID()}`, second.id));
    const watched = [approved, removed].map((r) => ({ providerId: r.providerId, kind: 'expenseVoucher' as const }));
    const before = await connector.changesSince(connection, null, watched);
    expect(before.changes.map((change) => change.status)).toEqual(['draft', 'draft']);
    await sandbox.control(
      'POST',
      `organizations/${connection.organizationId}/vouchers/${approved.providerId}/approve`,
      {},
    );
    await sandbox.control('DELETE', `organizations/${connection.organizationId}/vouchers/${removed.providerId}`);
    const after = await connector.changesSince(connection, before.nextCursor, watched);
    expect(after.changes).toEqual([
      expect.objectContaining({ providerId: approved.providerId, status: 'booked', voucherNumber: expect.any(String) }),
      { providerId: removed.providerId, status: 'deleted' },
    ]);
  }, 20_000);

  it('books ledger items, and after a lost create answer finds them by Id and books them once', async () => {
    const start = await holdings();
    const [a, b] = [randomUUID(), randomUUID()];
    const posted = await connector.postJournalEntries(connection, [topUp(a)]);
    expect(posted).toEqual([expect.objectContaining({ kind: 'ok', entryId: a, providerStatus: 'pending' })]);

    await faults([{ kind: 'commitThenFail', mode: 'hang', pathContains: 'ledgeritems', remaining: 1 }]);
    await expect(connector.postJournalEntries(connection, [topUp(b)])).rejects.toMatchObject({
      code: 'unavailable',
      outcomeUnknown: true,
    });
    const lost = await connector.findByExternalRef(connection, externalRef(`lb-${b}`), {
      kind: 'journalEntry',
      journalEntryId: b,
    });
    expect(lost).toMatchObject({ kind: 'found', providerId: b, providerStatus: 'draft' });
    // Posting a found draft again answers 409 (duplicate, success) and starts its booking.
    expect(await connector.postJournalEntries(connection, [topUp(b)])).toEqual([
      { kind: 'duplicate', entryId: b, providerId: b },
    ]);
    const page = await connector.changesSince(connection, null, [
      { providerId: a, kind: 'journalEntry' },
      { providerId: b, kind: 'journalEntry' },
    ]);
    expect(page.changes.map((change) => [change.providerId, change.status])).toEqual([
      [a, 'booked'],
      [b, 'booked'],
    ]);
    const end = await holdings();
    const [wallet, other] = chart.deposits.map((account) => account.number);
    expect(balanceOf(end, wallet!) - balanceOf(start, wallet!)).toBe(1000);
    expect(balanceOf(end, other!) - balanceOf(start, other!)).toBe(-1000);
    expect(end.ledgerItems.filter((item) => item.Id === a || item.Id === b)).toHaveLength(2);
  }, 20_000);
});
