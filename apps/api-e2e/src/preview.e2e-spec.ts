import { connectWithApiKey, waitForSync, type SyncJob } from './test-support/connections';
import { dineroRequestErrors } from './test-support/dinero-schema';
import { call, newCompanyWithKey } from './test-support/http';
import { newOrganization, sandbox } from './test-support/sandbox';
import { cardExpense, platformId } from './test-support/transactions';

interface Posting {
  accountNumber: string;
  accountName: string | null;
  taxCode: string | null;
  currency: string;
  gross: string;
  net: string | null;
  vat: string | null;
}
interface Preview {
  transactionId: string;
  exportId: string | null;
  provider: string | null;
  outcome: 'expense_voucher' | 'journal_entry' | 'needs_attention';
  postings: Posting[];
  reasons: Array<{ code: string; field?: string; message: string }>;
  providerRequest: { method: string; path: string; body: unknown } | null;
}
interface Batch {
  results: Array<{ status: string; transaction?: { id: string }; fields?: Array<{ field: string }> }>;
}

const SETUP = { depositAccount: '55010', outOfPocketAccount: '55020', reimbursementAccount: '55000' };
const CATEGORIES = [
  { key: 'travel', name: 'Rejser', accountNumber: '3300', taxCode: 'I25' },
  { key: 'restaurant', name: 'Restaurant', accountNumber: '3100', taxCode: 'HREP' },
  { key: 'gifts', name: 'Gaver', accountNumber: '3200', taxCode: 'I25' },
  { key: 'hotel', name: 'Hotel', accountNumber: '3310', taxCode: 'I25' },
];

/** A company connected to a fresh sandbox organization, synced, with its categories (and the setup, when given). */
async function sandboxCompany(name: string, setup: object | null) {
  const company = await newCompanyWithKey(name);
  const org = await newOrganization();
  const connected = await connectWithApiKey(company.id, company.key, org.id, org.apiKey);
  await waitForSync(company.id, connected.body.id, String(connected.body.lastSyncJobId), company.key);
  if (setup) {
    const res = await call('PUT', `/companies/${company.id}/setup`, { key: company.key, body: setup });
    if (res.status !== 200) throw new Error(`setup answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  for (const body of CATEGORIES) {
    const res = await call('POST', `/companies/${company.id}/categories`, { key: company.key, body });
    if (res.status !== 201) throw new Error(`category answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return { ...company, org, connectionId: connected.body.id };
}
type Company = Awaited<ReturnType<typeof sandboxCompany>>;

const expense = (over: Record<string, unknown> = {}) => cardExpense({ platformId: platformId('pv'), ...over });
const journal = (kind: string, amount: number, over: Record<string, unknown> = {}) => ({
  platformId: platformId('pv'),
  kind,
  bookedOn: '2026-11-28',
  amount,
  currency: 'DKK',
  ...(kind === 'reimbursement' && { employeeId: 'emp-7', employeeName: 'Jonas Nielsen' }),
  ...over,
});

async function ingest(c: Company, item: object): Promise<string> {
  const res = await call<Batch>('POST', `/companies/${c.id}/transactions`, { key: c.key, body: { items: [item] } });
  const result = res.body.results[0];
  if (result?.status !== 'created') throw new Error(`ingest answered ${JSON.stringify(res.body)}`);
  return String(result.transaction?.id);
}

const preview = async (c: Company, id: string) => {
  const res = await call<Preview>('GET', `/companies/${c.id}/transactions/${id}/preview`, { key: c.key });
  expect(res.status).toBe(200);
  return res.body;
};

/** The postings as [account, gross, net, VAT], amounts in øre. */
const lines = (p: Preview) => p.postings.map((l) => [l.accountNumber, l.gross, l.net, l.vat]);

/** The provider request, after checking it against Dinero's published request schema. */
function validBody(p: Preview): unknown {
  expect(p.providerRequest).not.toBeNull();
  const { method, path, body } = p.providerRequest as NonNullable<Preview['providerRequest']>;
  expect(dineroRequestErrors(method, path, body)).toEqual([]);
  return body;
}

describe('preview over HTTP: each row of the posting table for a sandbox company', () => {
  let c: Company;
  beforeAll(async () => {
    c = await sandboxCompany('Preview ApS', SETUP);
  });

  it.each([
    ['card expense', 'card_expense', '55010'],
    ['out-of-pocket expense', 'out_of_pocket_expense', '55020'],
  ])('%s (%s): an expense voucher debiting the category account, paid from %s', async (_row, kind, paidFrom) => {
    const p = await preview(c, await ingest(c, expense({ kind })));
    expect(p).toMatchObject({ outcome: 'expense_voucher', provider: 'dinero', reasons: [] });
    expect(lines(p)).toEqual([
      ['3300', '12500', '10000', '2500'],
      [paidFrom, '-12500', null, null],
    ]);
    expect(p.postings[0]).toMatchObject({ accountName: 'Rejseudgifter', taxCode: 'I25', currency: 'DKK' });
    expect(validBody(p)).toEqual({
      PurchaseType: 'cash',
      VoucherDate: '2026-11-24',
      DepositAccountNumber: Number(paidFrom),
      ExternalReference: `lb-export-${p.exportId}`,
      Lines: [{ Amount: 125, AccountNumber: 3300, Description: 'DSB: Togbillet', VatCode: 'I25' }],
    });
  });

  it.each([
    ['from the wallet', 'card_wallet', '55010'],
    ['outside (bank transfer)', 'bank_transfer', '55000'],
    ['outside (payroll)', 'payroll', '55000'],
  ])(
    'reimbursement paid %s (%s): a journal entry debiting out-of-pocket, crediting %s',
    async (_how, paidFrom, credit) => {
      const p = await preview(c, await ingest(c, journal('reimbursement', 34900, { paidFrom })));
      expect(p.outcome).toBe('journal_entry');
      expect(lines(p)).toEqual([
        ['55020', '34900', null, null],
        [credit, '-34900', null, null],
      ]);
      expect(validBody(p)).toEqual([
        {
          Id: p.exportId,
          VoucherDate: '2026-11-28',
          Lines: [
            expect.objectContaining({ Amount: 349, AccountNumber: 55020, BalancingAccountNumber: Number(credit) }),
          ],
        },
      ]);
    },
  );

  it('wallet top-up: from the reimbursement account without a funding account, from the funding account once chosen', async () => {
    const id = await ingest(c, journal('wallet_top_up', 5_000_000));
    const before = await preview(c, id);
    expect(lines(before)).toEqual([
      ['55010', '5000000', null, null],
      ['55000', '-5000000', null, null],
    ]);
    expect(validBody(before)).toEqual([
      expect.objectContaining({ Lines: [expect.objectContaining({ Amount: 50000, BalancingAccountNumber: 55000 })] }),
    ]);
    const funded = { ...SETUP, fundingAccount: '55040' };
    expect((await call('PUT', `/companies/${c.id}/setup`, { key: c.key, body: funded })).body).toMatchObject(funded);
    try {
      const after = await preview(c, id);
      expect(after.outcome).toBe('journal_entry');
      expect(lines(after)).toEqual([
        ['55010', '5000000', null, null],
        ['55040', '-5000000', null, null],
      ]);
      expect(after.postings[1]?.accountName).toBe('Kontanter (kasse)');
      expect(validBody(after)).toEqual([
        expect.objectContaining({ Lines: [expect.objectContaining({ BalancingAccountNumber: 55040 })] }),
      ]);
    } finally {
      await call('PUT', `/companies/${c.id}/setup`, { key: c.key, body: SETUP });
    }
  });

  it('split restaurant bill: the meal on the partly deductible restaurant code, the gift on full VAT, to the øre', async () => {
    const id = await ingest(
      c,
      expense({
        amount: 125_001,
        merchant: 'Restaurant Kødbyen',
        description: 'Kundemiddag',
        categoryKey: 'restaurant',
        lines: [
          { categoryKey: 'restaurant', amount: 100_001 },
          { categoryKey: 'gifts', amount: 25_000 },
        ],
      }),
    );
    const p = await preview(c, id);
    expect(p.outcome).toBe('expense_voucher');
    // VAT = round(gross × 2500 / 12500): 20000.2 → 20000; Dinero applies HREP's 25 % deduction from its own VAT type.
    expect(lines(p)).toEqual([
      ['3100', '100001', '80001', '20000'],
      ['3200', '25000', '20000', '5000'],
      ['55010', '-125001', null, null],
    ]);
    expect(p.postings.map((l) => l.taxCode)).toEqual(['HREP', 'I25', null]);
    expect((validBody(p) as { Lines: unknown[] }).Lines).toEqual([
      expect.objectContaining({ Amount: 1000.01, AccountNumber: 3100, VatCode: 'HREP' }),
      expect.objectContaining({ Amount: 250, AccountNumber: 3200, VatCode: 'I25' }),
    ]);
  });

  it('EUR expense: booked in DKK at the settled amount, VAT computed on it', async () => {
    const id = await ingest(
      c,
      expense({
        currency: 'EUR',
        amount: 12500,
        settledAmount: 93256,
        exchangeRate: '7.4605',
        merchant: 'Hotel Adlon',
      }),
    );
    const p = await preview(c, id);
    expect(lines(p)).toEqual([
      ['3300', '93256', '74605', '18651'],
      ['55010', '-93256', null, null],
    ]);
    expect(p.postings.every((l) => l.currency === 'DKK')).toBe(true);
    expect((validBody(p) as { Lines: unknown[] }).Lines).toEqual([
      expect.objectContaining({ Amount: 932.56, AccountNumber: 3300 }),
    ]);
  });

  it('sends nothing to Dinero: the organization sees no request while transactions are previewed', async () => {
    const ids = [await ingest(c, expense()), await ingest(c, journal('wallet_top_up', 100_000))];
    // A latency fault of 0 ms on every request of the organization counts its Dinero requests without changing them.
    await sandbox('PUT', `/organizations/${c.org.id}/faults`, {
      rules: [{ kind: 'latency', latencyMs: 0, remaining: 1000 }],
    });
    const remaining = async () =>
      (await sandbox<{ rules: Array<{ remaining: number }> }>('GET', `/organizations/${c.org.id}/faults`)).rules[0]
        ?.remaining;
    try {
      for (const id of ids) expect((await preview(c, id)).providerRequest).not.toBeNull();
      expect(await remaining()).toBe(1000);
      // The counter does count: one live read of the setup options spends requests.
      await call('GET', `/companies/${c.id}/setup/options`, { key: c.key });
      expect(await remaining()).toBeLessThan(1000);
    } finally {
      await sandbox('DELETE', `/organizations/${c.org.id}/faults`);
    }
  });

  it("answers 404 to another company's key, and for another company's transaction", async () => {
    const id = await ingest(c, expense());
    const other = await newCompanyWithKey('Other ApS');
    const foreignKey = await call('GET', `/companies/${c.id}/transactions/${id}/preview`, { key: other.key });
    expect(foreignKey.status).toBe(404);
    const foreignTx = await call('GET', `/companies/${other.id}/transactions/${id}/preview`, { key: other.key });
    expect(foreignTx.status).toBe(404);
    expect(JSON.stringify(foreignTx.body)).not.toContain('3300');
  });
});

describe('preview over HTTP: attention reasons', () => {
  let c: Company;
  beforeAll(async () => {
    c = await sandboxCompany('Attention ApS', null);
  });

  const reasonsOf = async (item: object) => {
    const p = await preview(c, await ingest(c, item));
    expect(p).toMatchObject({ outcome: 'needs_attention', postings: [], providerRequest: null });
    return p.reasons.map((r) => [r.code, r.field]);
  };

  it('names the incomplete setup (no deposit account chosen yet)', async () => {
    expect(await reasonsOf(expense())).toContainEqual(['setup_incomplete', 'setup']);
    expect(await reasonsOf(journal('wallet_top_up', 100_000))).toContainEqual(['setup_incomplete', 'setup']);
  });

  describe('with a saved setup', () => {
    beforeAll(async () => {
      const res = await call('PUT', `/companies/${c.id}/setup`, { key: c.key, body: { depositAccount: '55010' } });
      expect(res.status).toBe(200);
    });

    it('names the missing funding account of a top-up when there is no reimbursement account either', async () => {
      expect(await reasonsOf(journal('wallet_top_up', 100_000))).toEqual([
        ['setup_incomplete', 'setup.fundingAccount'],
      ]);
    });

    it('names a VAT code the provider does not know', async () => {
      expect(await reasonsOf(expense({ taxCode: 'X99' }))).toEqual([['vat_code_unknown', 'taxCode']]);
    });

    it('names a foreign-currency expense without its settled amount (the ingest lets it through)', async () => {
      expect(await reasonsOf(expense({ currency: 'EUR' }))).toEqual([['foreign_currency_unsettled', 'settlement']]);
    });

    it('never gets split lines that do not add up: the ingest refuses them, naming the lines', async () => {
      const item = expense({
        amount: 10000,
        lines: [
          { categoryKey: 'travel', amount: 5000 },
          { categoryKey: 'gifts', amount: 4999 },
        ],
      });
      const res = await call<Batch>('POST', `/companies/${c.id}/transactions`, { key: c.key, body: { items: [item] } });
      expect(res.body.results[0]).toMatchObject({ status: 'invalid', fields: [{ field: 'items[0].lines' }] });
    });

    it('names a category whose account was hidden in Dinero since, once the chart is re-synced', async () => {
      const id = await ingest(c, expense({ categoryKey: 'hotel' }));
      expect((await preview(c, id)).outcome).toBe('expense_voucher');
      await sandbox('PATCH', `/organizations/${c.org.id}/accounts/3310`, { isHidden: true });
      const sync = await call<SyncJob>('POST', `/companies/${c.id}/connections/${c.connectionId}/sync`, { key: c.key });
      expect(sync.status).toBe(202);
      await waitForSync(c.id, c.connectionId, sync.body.jobId, c.key);
      const p = await preview(c, id);
      expect(p.outcome).toBe('needs_attention');
      expect(p.reasons.map((r) => [r.code, r.field])).toEqual([['account_inactive', 'categories.hotel.accountNumber']]);
      expect(p.reasons[0]?.message).toContain('3310');
    });
  });
});
