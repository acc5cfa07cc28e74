import { createHash } from 'node:crypto';
import { auditOrganization } from './test-support/chaos/books-auditor';
import { readHoldings } from './test-support/chaos/books';
import type { ExpectedTransaction } from './test-support/chaos/expected-documents';
import { sandboxBooksSetup } from './test-support/chaos/sandbox-chart';
import { connectWithApiKey, waitForSync } from './test-support/connections';
import { e2eEnv } from './test-support/e2e-env';
import { call, newCompanyWithKey } from './test-support/http';
import { newOrganization } from './test-support/sandbox';

interface Transaction {
  id: string;
  platformId: string;
  state: string;
  export: { id: string; state: string; providerId: string | null; lastError: { message: string } | null } | null;
}

// The company's setup and categories in LedgerBridge, on the sandbox's standard chart (no funding account: top-ups
// are paid from the reimbursement account).
const SETUP = sandboxBooksSetup({
  depositAccount: 55010,
  outOfPocketAccount: 55020,
  reimbursementAccount: 55000,
  categories: { office: { accountNumber: 6000, taxCode: 'I25' } },
});
const RECEIPT = Buffer.from(`%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n% export-writes ${process.pid}\n`);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const tag = `${process.pid}-${Date.now()}`;
const ingested = [
  {
    platformId: `pf-card-${tag}`,
    kind: 'card_expense',
    bookedOn: '2026-11-20',
    amount: 12_500,
    currency: 'DKK',
    merchant: 'Office Depot',
    description: `Printer paper ${tag}`,
    employeeId: 'emp-1',
    employeeName: 'Mette Hansen',
    categoryKey: 'office',
  },
  {
    platformId: `pf-oop-${tag}`,
    kind: 'out_of_pocket_expense',
    bookedOn: '2026-11-21',
    amount: 8_000,
    currency: 'DKK',
    merchant: 'Bog & Ide',
    description: `Notebooks ${tag}`,
    employeeId: 'emp-2',
    employeeName: 'Jonas Berg',
    categoryKey: 'office',
  },
  {
    platformId: `pf-reimb-${tag}`,
    kind: 'reimbursement',
    bookedOn: '2026-11-23',
    amount: 8_000,
    currency: 'DKK',
    description: `Reimbursement Jonas ${tag}`,
    employeeId: 'emp-2',
    employeeName: 'Jonas Berg',
    paidFrom: 'bank_transfer',
  },
  {
    platformId: `pf-topup-${tag}`,
    kind: 'wallet_top_up',
    bookedOn: '2026-11-24',
    amount: 1_000_000,
    currency: 'DKK',
    description: `Wallet top-up ${tag}`,
  },
];

async function until<T>(what: string, deadlineMs: number, read: () => Promise<T>, done: (v: T) => boolean) {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('exports written to the sandbox', () => {
  it('writes a card expense with its receipt, an out-of-pocket expense, a reimbursement and a top-up, each once', async () => {
    const company = await newCompanyWithKey('Export Writes ApS');
    const org = await newOrganization();
    const connected = await connectWithApiKey(company.id, company.key, org.id, org.apiKey);
    await waitForSync(company.id, connected.body.id, String(connected.body.lastSyncJobId), company.key);
    const at = (path: string) => `/companies/${company.id}${path}`;
    const category = await call('POST', at('/categories'), {
      key: company.key,
      body: { key: 'office', name: 'Kontor', accountNumber: '6000', taxCode: 'I25' },
    });
    expect(category.status).toBe(201);
    const setup = await call('PUT', at('/setup'), {
      key: company.key,
      body: { depositAccount: '55010', outOfPocketAccount: '55020', reimbursementAccount: '55000' },
    });
    expect(setup.status).toBe(200);
    const sent = await call<{ results: { transaction: { id: string } }[] }>('POST', at('/transactions'), {
      key: company.key,
      body: { items: ingested },
    });
    const ids = sent.body.results.map((r) => r.transaction.id);
    expect(ids).toHaveLength(4);
    const form = new FormData();
    form.append('file', new Blob([RECEIPT], { type: 'application/pdf' }), 'paper.pdf');
    const upload = await fetch(`${e2eEnv().baseUrl}${at(`/transactions/${ids[0]}/receipt`)}`, {
      method: 'PUT',
      body: form,
      headers: { Authorization: `Bearer ${company.key}` },
    });
    expect(upload.status).toBeLessThan(300);

    const batch = await call('POST', at('/exports'), { key: company.key, body: { all: 'ready' } });
    expect(batch.status).toBe(202);
    const settled = await until(
      'every transaction to be exported',
      60_000,
      async () =>
        Promise.all(
          ids.map(async (id) => (await call<Transaction>('GET', at(`/transactions/${id}`), { key: company.key })).body),
        ),
      (ts) => ts.every((t) => t.export?.state === 'exported'),
    );
    expect(settled.map((t) => t.state)).toEqual(['exported', 'exported', 'exported', 'exported']);

    // The sandbox's books, not our database, decide: each transaction once, in the right accounts, receipt attached.
    const expected: ExpectedTransaction[] = [
      {
        platformId: ingested[0]!.platformId,
        kind: 'card_expense',
        bookingDate: '2026-11-20',
        amount: { amountMinor: 12_500, currency: 'DKK' },
        merchant: 'Office Depot',
        description: ingested[0]!.description,
        categoryKey: 'office',
        receiptSha256: sha256(RECEIPT),
        exportId: settled[0]!.export!.id,
      },
      {
        platformId: ingested[1]!.platformId,
        kind: 'out_of_pocket_expense',
        bookingDate: '2026-11-21',
        amount: { amountMinor: 8_000, currency: 'DKK' },
        merchant: 'Bog & Ide',
        description: ingested[1]!.description,
        categoryKey: 'office',
        exportId: settled[1]!.export!.id,
      },
      {
        platformId: ingested[2]!.platformId,
        kind: 'reimbursement',
        bookingDate: '2026-11-23',
        amount: { amountMinor: 8_000, currency: 'DKK' },
        paidFrom: 'outside',
        description: ingested[2]!.description,
        employee: 'Jonas Berg',
        exportId: settled[2]!.export!.id,
      },
      {
        platformId: ingested[3]!.platformId,
        kind: 'wallet_top_up',
        bookingDate: '2026-11-24',
        amount: { amountMinor: 1_000_000, currency: 'DKK' },
        description: ingested[3]!.description,
        exportId: settled[3]!.export!.id,
      },
    ];
    const audit = await auditOrganization(org.id, expected, SETUP);
    expect(audit.report).toBe('');
    expect(audit.ok).toBe(true);
    expect(audit.counts).toMatchObject({ expected: 4, documents: 4, unlinkedFiles: 0 });
    const books = await readHoldings(org.id);
    expect(books.files).toHaveLength(1);
    // The provider ids we recorded are the sandbox's own: the voucher Guids and the ledger item Ids.
    const held = new Set([...books.drafts.map((v) => v.Guid), ...books.ledgerItems.map((i) => i.Id)]);
    for (const t of settled) expect(held.has(t.export!.providerId!)).toBe(true);
  }, 120_000);
});
