import { connectWithApiKey, waitForSync } from './test-support/connections';
import { call, newCompanyWithKey } from './test-support/http';
import { newOrganization } from './test-support/sandbox';
import { cardExpense, platformId } from './test-support/transactions';

interface Field {
  field: string;
  message: string;
}
interface Transaction {
  id: string;
  platformId: string;
  kind: string;
  state: string;
  version: number;
  bookedOn: string;
  amount: number;
  categoryKey: string | null;
  settledAmount: number | null;
  exchangeRate: string | null;
  lines: Array<{ categoryKey: string; taxCode: string | null; amount: number }> | null;
}
interface Result {
  index: number;
  platformId: string | null;
  status: 'created' | 'unchanged' | 'conflict' | 'invalid';
  transaction?: Transaction;
  fields?: Field[];
}
interface Batch {
  created: number;
  unchanged: number;
  conflict: number;
  invalid: number;
  results: Result[];
}
interface Page {
  items: Transaction[];
  nextCursor: string | null;
}

/** A company synced with the sandbox's standard chart, and two categories on its first expense account. */
async function companyWithCategories(name: string) {
  const company = await newCompanyWithKey(name);
  const org = await newOrganization();
  const connected = await connectWithApiKey(company.id, company.key, org.id, org.apiKey);
  await waitForSync(company.id, connected.body.id, String(connected.body.lastSyncJobId), company.key);
  for (const key of ['travel', 'restaurant']) {
    const res = await call('POST', `/companies/${company.id}/categories`, {
      key: company.key,
      body: { key, name: key, accountNumber: '2000', taxCode: 'I25' },
    });
    if (res.status !== 201) throw new Error(`category answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return company;
}

const uid = () => platformId();

describe('transactions: ingest', () => {
  let c: Awaited<ReturnType<typeof companyWithCategories>>;
  const send = (items: unknown) =>
    call<Batch>('POST', `/companies/${c.id}/transactions`, { key: c.key, body: { items } });

  beforeAll(async () => {
    c = await companyWithCategories('Ingest ApS');
  });

  it('stores the good items of a batch and answers each bad one naming the field at fault', async () => {
    const items = [
      cardExpense(),
      cardExpense({ amount: 125.5 }),
      cardExpense({
        amount: 125000,
        categoryKey: 'restaurant',
        lines: [
          { categoryKey: 'restaurant', taxCode: 'I25', amount: 80000 },
          { categoryKey: 'travel', amount: 45000 },
        ],
      }),
      cardExpense({
        lines: [
          { categoryKey: 'travel', amount: 12000 },
          { categoryKey: 'nope', amount: '500' },
        ],
      }),
      cardExpense({ categoryKey: 'unknown-category' }),
      cardExpense({ currency: 'EUR', amount: 12500, settledAmount: 93256, exchangeRate: '7.4605' }),
      cardExpense({ currency: 'EUR', settledAmount: 93256 }),
      {
        platformId: uid(),
        kind: 'reimbursement',
        bookedOn: '2026-11-28',
        amount: 34900,
        currency: 'DKK',
        employeeId: 'emp-7',
        employeeName: 'Jonas',
        paidFrom: 'payroll',
      },
      {
        platformId: uid(),
        kind: 'reimbursement',
        bookedOn: '2026-11-28',
        amount: 34900,
        currency: 'DKK',
        merchant: 'x',
      },
      { platformId: uid(), kind: 'wallet_top_up', bookedOn: '2026-11-01', amount: 5000000, currency: 'DKK' },
      { platformId: uid(), kind: 'wallet_top_up', bookedOn: '2026-02-30', amount: 100, currency: 'XYZ', extra: 1 },
      'not an object',
    ];
    const res = await send(items);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r) => r.status)).toEqual([
      'created',
      'invalid',
      'created',
      'invalid',
      'invalid',
      'created',
      'invalid',
      'created',
      'invalid',
      'created',
      'invalid',
      'invalid',
    ]);
    expect([res.body.created, res.body.invalid]).toEqual([5, 7]);
    const fieldsOf = (i: number) => (res.body.results[i]?.fields ?? []).map((f) => f.field);
    expect(fieldsOf(1)).toEqual(['items[1].amount']);
    expect(fieldsOf(3)).toEqual(expect.arrayContaining(['items[3].lines[1].amount', 'items[3].lines[1].categoryKey']));
    expect(fieldsOf(4)).toEqual(['items[4].categoryKey']);
    expect(fieldsOf(6)).toEqual(['items[6].exchangeRate']);
    expect(fieldsOf(8)).toEqual(
      expect.arrayContaining(['items[8].merchant', 'items[8].employeeId', 'items[8].paidFrom']),
    );
    expect(fieldsOf(10)).toEqual(
      expect.arrayContaining(['items[10].extra', 'items[10].currency', 'items[10].bookedOn']),
    );
    expect(fieldsOf(11)).toEqual(['items[11]']);
    const split = res.body.results[2]?.transaction;
    expect(split).toMatchObject({ state: 'received', version: 1, amount: 125000 });
    expect(split?.lines).toEqual([
      { categoryKey: 'restaurant', taxCode: 'I25', amount: 80000 },
      { categoryKey: 'travel', taxCode: null, amount: 45000 },
    ]);
    expect(res.body.results[5]?.transaction).toMatchObject({ settledAmount: 93256, exchangeRate: '7.4605' });
  });

  it('refuses split lines that do not add up to the amount, to the øre', async () => {
    const res = await send([
      cardExpense({
        amount: 10000,
        lines: [
          { categoryKey: 'travel', amount: 5000 },
          { categoryKey: 'travel', amount: 4999 },
        ],
      }),
    ]);
    expect(res.body.results[0]?.fields).toEqual([
      expect.objectContaining({ field: 'items[0].lines', message: expect.stringContaining('9999') }),
    ]);
  });

  it('answers a resend unchanged, and changed content a conflict naming the fields, storing nothing new', async () => {
    const item = cardExpense();
    const first = await send([item]);
    const stored = first.body.results[0]?.transaction as Transaction;
    const again = await send([item]);
    expect(again.body.results[0]).toMatchObject({ status: 'unchanged', transaction: { id: stored.id, version: 1 } });
    const changed = await send([{ ...item, amount: 13000, merchant: 'Rejsekort' }]);
    expect(changed.body.results[0]?.status).toBe('conflict');
    expect(changed.body.results[0]?.fields?.map((f) => f.field)).toEqual(['items[0].amount', 'items[0].merchant']);
    const read = await call<Transaction>('GET', `/companies/${c.id}/transactions/${stored.id}`, { key: c.key });
    expect(read.body).toMatchObject({ amount: 12500, version: 1 });
    const audit = await call<{ items: Array<{ subjectId: string }> }>(
      'GET',
      `/companies/${c.id}/audit?action=transaction.received&pageSize=200`,
      { key: c.key },
    );
    expect(audit.body.items.filter((e) => e.subjectId === stored.id)).toHaveLength(1);
  });

  it('creates each transaction once when the same batch is sent twice at the same time', async () => {
    const items = Array.from({ length: 20 }, () => cardExpense());
    const [a, b] = await Promise.all([send(items), send(items)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    for (let i = 0; i < items.length; i++) {
      const pair = [a.body.results[i], b.body.results[i]];
      expect(pair.map((r) => r?.status).sort()).toEqual(['created', 'unchanged']);
      expect(pair[0]?.transaction?.id).toBe(pair[1]?.transaction?.id);
    }
    expect(a.body.created + b.body.created).toBe(items.length);
  });

  it('takes a full batch of 500, and answers a resend of it unchanged item by item', async () => {
    const items = Array.from({ length: 500 }, () => cardExpense());
    const first = await send(items);
    expect([first.status, first.body.created]).toEqual([200, 500]);
    const again = await send(items);
    expect([again.body.unchanged, again.body.results[499]?.platformId]).toEqual([500, items[499]?.platformId]);
  });

  it.each([
    ['no items', { items: [] }, 'items'],
    ['501 items', { items: Array.from({ length: 501 }, () => ({})) }, 'items'],
    ['items that are not an array', { items: { platformId: 'x' } }, 'items'],
    ['no envelope', [cardExpense()], 'items'],
    ['an unknown envelope field', { items: [cardExpense()], dryRun: true }, 'dryRun'],
  ])('refuses a batch with %s as a whole with 400 naming the field', async (_what, body, field) => {
    const res = await call<{ fields: Field[] }>('POST', `/companies/${c.id}/transactions`, { key: c.key, body });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f) => f.field)).toContain(field);
  });
});

describe('transactions: list and read', () => {
  let c: Awaited<ReturnType<typeof companyWithCategories>>;
  const list = (query: string) => call<Page>('GET', `/companies/${c.id}/transactions?${query}`, { key: c.key });

  beforeAll(async () => {
    c = await companyWithCategories('List ApS');
    const items = Array.from({ length: 30 }, (_, i) =>
      cardExpense({
        bookedOn: `2026-11-${String((i % 10) + 1).padStart(2, '0')}`,
        categoryKey: i % 3 === 0 ? 'restaurant' : 'travel',
      }),
    );
    items.push({
      platformId: uid(),
      kind: 'wallet_top_up',
      bookedOn: '2026-11-05',
      amount: 100000,
      currency: 'DKK',
    } as never);
    const res = await call<Batch>('POST', `/companies/${c.id}/transactions`, { key: c.key, body: { items } });
    expect(res.body.created).toBe(31);
  });

  it('pages through every transaction by cursor, newest booking date first, each exactly once', async () => {
    const seen: Transaction[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(31);
    expect(new Set(seen.map((t) => t.id)).size).toBe(31);
    const dates = seen.map((t) => t.bookedOn);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('filters by kind, category and date range', async () => {
    const topUps = await list('kind=wallet_top_up');
    expect(topUps.body.items.map((t) => t.kind)).toEqual(['wallet_top_up']);
    const restaurant = await list('categoryKey=restaurant&limit=200');
    expect(restaurant.body.items).toHaveLength(10);
    const range = await list('from=2026-11-02&to=2026-11-03&state=received&limit=200');
    expect(range.body.items).toHaveLength(6);
    expect(range.body.items.every((t) => t.bookedOn >= '2026-11-02' && t.bookedOn <= '2026-11-03')).toBe(true);
  });

  it.each([
    ['kind=refund', 'kind'],
    ['from=24-11-2026', 'from'],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['limit=0', 'limit'],
  ])('refuses %s naming the field', async (query, field) => {
    const res = await call<{ fields: Field[] }>('GET', `/companies/${c.id}/transactions?${query}`, { key: c.key });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f) => f.field)).toContain(field);
  });

  it('reads one transaction, and answers 404 for an id that is not there', async () => {
    const first = (await list('limit=1')).body.items[0] as Transaction;
    const one = await call<Transaction>('GET', `/companies/${c.id}/transactions/${first.id}`, { key: c.key });
    expect(one.body).toEqual(first);
    const missing = await call('GET', `/companies/${c.id}/transactions/00000000-0000-4000-8000-000000000000`, {
      key: c.key,
    });
    expect(missing.status).toBe(404);
  });
});
