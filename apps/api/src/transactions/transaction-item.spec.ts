import { contentHash, differingFields, judgeItem, type CompanyFacts, type Judged } from './transaction-item';

const DANISH: CompanyFacts = { baseCurrency: 'DKK', categoryKeys: new Set(['travel', 'restaurant']) };

const expense = (over: Record<string, unknown> = {}) => ({
  platformId: 'pf-1',
  kind: 'card_expense',
  bookedOn: '2026-11-24',
  amount: 12500,
  currency: 'DKK',
  merchant: 'DSB',
  description: 'Togbillet',
  employeeId: 'emp-42',
  employeeName: 'Mette Hansen',
  categoryKey: 'travel',
  ...over,
});

const fields = (j: Judged) => (j.ok ? [] : j.fields.map((f) => f.field));
const judge = (raw: unknown, index = 0) => judgeItem(raw, index, DANISH);

describe('judgeItem', () => {
  it.each([[[[]]], [[[{ categoryKey: 'travel', amount: 12500 }]]]])(
    'refuses a split line that is an array (%j), naming it',
    (lines) => {
      expect(fields(judge(expense({ lines })))).toContain('items[0].lines[0]');
    },
  );

  it('accepts a Danish card expense and a split bill whose lines add up to the øre', () => {
    expect(judge(expense())).toMatchObject({ ok: true, content: { amount: 12500, lines: null, settledAmount: null } });
    const split = judge(
      expense({
        amount: 125000,
        lines: [
          { categoryKey: 'restaurant', taxCode: 'I25', amount: 80001 },
          { categoryKey: 'travel', amount: 44999 },
        ],
      }),
    );
    expect(split.ok && split.content.lines).toEqual([
      { categoryKey: 'restaurant', taxCode: 'I25', amount: 80001 },
      { categoryKey: 'travel', taxCode: null, amount: 44999 },
    ]);
  });

  it.each([
    ['a float', 125.5],
    ['a numeric string', '12500'],
    ['beyond 2^53', 2 ** 53],
    ['zero', 0],
  ])('refuses an amount that is %s', (_what, amount) => {
    expect(fields(judge(expense({ amount }), 3))).toEqual(['items[3].amount']);
  });

  it('names a split line field by its position, and lines off by one øre', () => {
    const bad = judge(
      expense({
        lines: [
          { categoryKey: 'travel', amount: 12500 },
          { categoryKey: 'gone', amount: 1.5 },
        ],
      }),
      2,
    );
    expect(fields(bad)).toEqual(expect.arrayContaining(['items[2].lines[1].amount', 'items[2].lines[1].categoryKey']));
    const off = judge(expense({ lines: [{ categoryKey: 'travel', amount: 12499 }] }));
    expect(fields(off)).toEqual(['items[0].lines']);
  });

  it('takes a foreign-currency expense with its settled amount and rate, and refuses them on a DKK one', () => {
    const eur = judge(expense({ currency: 'EUR', settledAmount: 93256, exchangeRate: '7.4605' }));
    expect(eur).toMatchObject({ ok: true, content: { currency: 'EUR', settledAmount: 93256, exchangeRate: '7.4605' } });
    expect(judge(expense({ currency: 'EUR' })).ok).toBe(true);
    expect(fields(judge(expense({ settledAmount: 12500, exchangeRate: '1' })))).toEqual([
      'items[0].settledAmount',
      'items[0].exchangeRate',
    ]);
    expect(fields(judge(expense({ currency: 'EUR', settledAmount: -93256, exchangeRate: '7.4605' })))).toEqual([
      'items[0].settledAmount',
    ]);
    expect(fields(judge(expense({ currency: 'EUR', settledAmount: 93256, exchangeRate: '0.0' })))).toEqual([
      'items[0].exchangeRate',
    ]);
    expect(fields(judge(expense({ currency: 'EUR', exchangeRate: 7.4605 })))).toEqual(
      expect.arrayContaining(['items[0].exchangeRate', 'items[0].settledAmount']),
    );
    expect(fields(judge(expense({ currency: 'eur' })))).toEqual(['items[0].currency']);
  });

  it('holds each kind to its own fields', () => {
    const reimbursement = {
      platformId: 'pf-2',
      kind: 'reimbursement',
      bookedOn: '2026-11-28',
      amount: 34900,
      currency: 'DKK',
      employeeId: 'emp-7',
      employeeName: 'Jonas Nielsen',
      paidFrom: 'card_wallet',
    };
    expect(judge(reimbursement)).toMatchObject({ ok: true, content: { paidFrom: 'card_wallet' } });
    expect(fields(judge({ ...reimbursement, paidFrom: 'cash', categoryKey: 'travel' }))).toEqual(
      expect.arrayContaining(['items[0].paidFrom', 'items[0].categoryKey']),
    );
    expect(fields(judge({ ...reimbursement, currency: 'EUR' }))).toEqual(['items[0].currency']);
    expect(fields(judge({ ...reimbursement, amount: -100 }))).toEqual(['items[0].amount']);
    const topUp = { platformId: 'pf-3', kind: 'wallet_top_up', bookedOn: '2026-11-01', amount: 1, currency: 'DKK' };
    expect(judge(topUp).ok).toBe(true);
    expect(fields(judge({ ...topUp, merchant: 'x', employeeId: 'e' }))).toEqual([
      'items[0].merchant',
      'items[0].employeeId',
    ]);
    expect(fields(judge({ ...topUp, kind: 'refund' }))).toEqual(['items[0].kind']);
    expect(fields(judge({ ...topUp, bookedOn: '2026-02-29' }))).toEqual(['items[0].bookedOn']);
    expect(fields(judge({ ...topUp, surprise: true }))).toEqual(['items[0].surprise']);
    expect(fields(judge([topUp], 4))).toEqual(['items[4]']);
  });

  it('hashes content whatever the key order, and names exactly the fields that differ', () => {
    const a = judge(expense());
    const b = judge(Object.fromEntries(Object.entries(expense()).reverse()));
    const c = judge(expense({ amount: 13000, taxCode: 'I25' }));
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected valid items');
    expect(contentHash(a.content)).toBe(contentHash(b.content));
    expect(contentHash(a.content)).not.toBe(contentHash(c.content));
    expect(differingFields(a.content, c.content)).toEqual(['amount', 'taxCode']);
  });
});
