import fc from 'fast-check';
import { assertValidResponse, fixture } from '../test-support/dinero-contract';
import {
  accountsFrom,
  basisPointsOf,
  depositAccountsFrom,
  directionOf,
  entryAccountsFrom,
  organizationsFrom,
  taxCodesFrom,
  vatTypesFrom,
} from './chart.payload';

describe('basisPointsOf', () => {
  it.each([
    [0.25, 2500],
    [0.255, 2550],
    [0.0625, 625],
    [0, 0],
    [1, 10_000],
    ['0.255', 2550],
    [0.12345, 1235],
    [1e-7, 0],
  ])('reads VatRate %p as %p basis points', (rate, points) => {
    expect(basisPointsOf(rate)).toBe(points);
  });

  it('is exact where multiplying the float is not', () => {
    expect(0.0029 * 10_000).toBe(28.999999999999996);
    expect(basisPointsOf(0.0029)).toBe(29);
  });

  it('recovers every whole basis-point rate from the JSON number Dinero sends', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (points) => {
        const decimal = `${Math.trunc(points / 10_000)}.${String(points % 10_000).padStart(4, '0')}`;
        expect(basisPointsOf(JSON.parse(decimal) as number)).toBe(points);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses what is not a rate', () => {
    expect(() => basisPointsOf('25 %')).toThrow(RangeError);
  });
});

describe('taxCodesFrom', () => {
  it('maps recorded VAT types, inferring the direction Dinero does not state', () => {
    expect(taxCodesFrom(vatTypesFrom(fixture('vat-types.json'), 'reading VAT types'))).toEqual([
      { code: 'I25', name: 'Købsmoms 25%', rateBasisPoints: 2500, direction: 'purchase' },
      { code: 'HREP', name: 'Hotel og restaurant (25% fradrag)', rateBasisPoints: 2500, direction: 'purchase' },
      {
        code: 'IEUY',
        name: 'Køb af ydelser i EU (omvendt betalingspligt)',
        rateBasisPoints: 2500,
        direction: 'purchase',
      },
      { code: 'U25', name: 'Salgsmoms 25%', rateBasisPoints: 2500, direction: 'sale' },
      { code: 'UEUV', name: 'Salg af varer til EU', rateBasisPoints: 0, direction: 'sale' },
      { code: 'none', name: 'Ingen moms', rateBasisPoints: 0, direction: 'none' },
      { code: 'K255', name: 'Delvis fradrag 25,5 %', rateBasisPoints: 2550, direction: 'purchase' },
    ]);
  });

  it('treats NONE in any case as no VAT', () => {
    expect(directionOf('NONE', 0)).toBe('none');
    expect(directionOf('X0', 0)).toBe('none');
  });
});

const ENTRY = '/v1/{organizationId}/accounts/entry';
const PURCHASE = '/v1/{organizationId}/accounts/purchase';
const DEPOSIT = '/v1/{organizationId}/accounts/deposit';
const ENTRY_FIELDS = 'AccountNumber,Name,VatCode,Category,CategoryName,IsHidden';

// Each answer is first checked against Dinero's document, so no case feeds the plugin what Dinero cannot send.
function chart(entries: unknown, purchases: unknown, deposits: unknown = fixture('accounts-deposit.json')) {
  assertValidResponse('GET', ENTRY, entries, ENTRY_FIELDS);
  assertValidResponse('GET', PURCHASE, purchases, ENTRY_FIELDS);
  assertValidResponse('GET', DEPOSIT, deposits, 'AccountNumber,Name,IsHidden,IsDefault');
  return accountsFrom(
    entryAccountsFrom(entries, 'reading accounts'),
    entryAccountsFrom(purchases, 'reading purchase accounts'),
    depositAccountsFrom(deposits, 'reading deposit accounts'),
  );
}

const row = (number: number, extra: Record<string, unknown> = {}) => ({
  AccountNumber: number,
  Name: `Konto ${number}`,
  VatCode: 'I25',
  Category: 'Variable Expenses',
  CategoryName: 'Variable omkostninger',
  IsHidden: false,
  ...extra,
});

describe('accountsFrom', () => {
  it('lets exactly the accounts of accounts/purchase carry an expense line, whatever their category is called', () => {
    const accounts = chart(fixture('accounts-entry.json'), fixture('accounts-purchase.json'));
    expect(accounts.filter((a) => a.expenseAllowed).map((a) => [a.number, a.kind, a.active])).toEqual([
      ['2000', 'expense', true],
      ['2900', 'expense', false],
      ['3100', 'expense', true],
      ['3300', 'expense', true],
      ['3500', 'expense', true],
      ['4000', 'expense', true],
      ['6400', 'expense', true],
    ]);
    expect(accounts.find((a) => a.number === '2000')).toEqual({
      number: '2000',
      name: 'Vareforbrug',
      kind: 'expense',
      defaultTaxCode: 'I25',
      active: true,
      expenseAllowed: true,
      category: 'Variable omkostninger',
    });
    expect(accounts.find((a) => a.number === '1000')).toMatchObject({
      kind: 'other',
      expenseAllowed: false,
      category: 'Omsætning',
    });
    expect(
      accounts.filter((a) => a.kind === 'deposit').map((a) => [a.number, a.name, a.active, a.expenseAllowed]),
    ).toEqual([
      ['55000', 'Bank', true, false],
      ['55010', 'Pleo wallet', true, false],
      ['55020', 'Udlæg', true, false],
      ['55040', 'Kontanter (kasse)', false, false],
    ]);
    expect(accounts.find((a) => a.number === '69000')).toEqual({
      number: '69000',
      name: 'Noter',
      kind: 'other',
      active: true,
      expenseAllowed: false,
    });
  });

  it.each([
    [
      'an account in accounts/purchase but not in accounts/entry',
      [row(2000)],
      [row(2000), row(2750, { Name: 'Taxa', CategoryName: null })],
      {
        number: '2750',
        name: 'Taxa',
        kind: 'expense',
        expenseAllowed: true,
        category: 'Variable Expenses',
        defaultTaxCode: 'I25',
      },
    ],
    [
      'no Category nor CategoryName at all',
      [row(3000, { Category: null, CategoryName: null })],
      [row(3000, { Category: null, CategoryName: null })],
      { number: '3000', kind: 'expense', expenseAllowed: true, category: undefined },
    ],
    [
      'the old sandbox vocabulary, which must not matter',
      [row(3000, { Category: 'Expense', CategoryName: 'Omkostninger' })],
      [],
      { number: '3000', kind: 'other', expenseAllowed: false, category: 'Omkostninger' },
    ],
    [
      'an upper-case VAT code, kept as Dinero spells it',
      [row(5200, { VatCode: 'NONE' })],
      [row(5200, { VatCode: 'NONE' })],
      { number: '5200', defaultTaxCode: 'NONE', expenseAllowed: true },
    ],
    [
      'a blank VAT code, which is no default',
      [row(5300, { VatCode: '  ' })],
      [row(5300, { VatCode: null })],
      { number: '5300', defaultTaxCode: undefined, expenseAllowed: true },
    ],
    [
      'a purchase account hidden in the purchase list only',
      [],
      [row(6000, { IsHidden: true })],
      { number: '6000', active: false, expenseAllowed: true },
    ],
  ])('copes with %s', (_what, entries, purchases, expected) => {
    const account = chart(entries, purchases, []).find((a) => a.number === expected.number);
    expect(account).toBeDefined();
    for (const [key, value] of Object.entries(expected))
      expect([key, account?.[key as keyof typeof account]]).toEqual([key, value]);
  });

  it('offers no expense account when accounts/purchase is empty, even for accounts categorised as expenses', () => {
    const accounts = chart(fixture('accounts-entry.json'), []);
    expect(accounts.length).toBeGreaterThan(10);
    expect(accounts.filter((a) => a.expenseAllowed || a.kind === 'expense')).toEqual([]);
  });

  it('refuses an answer that is not a list of accounts', () => {
    expect(() => entryAccountsFrom({ Collection: [] }, 'reading accounts')).toThrow(/not a list of objects/);
    expect(() => depositAccountsFrom([{ AccountNumber: '55000' }], 'reading deposit accounts')).toThrow(
      /whole AccountNumbers/,
    );
    expect(() => vatTypesFrom([{ VatCode: 'I25' }], 'reading VAT types')).toThrow(/with rates/);
  });

  it('reads organizations leniently, keeping only what verify needs', () => {
    expect(organizationsFrom(fixture('organizations.json'), 'listing')[0]).toEqual({
      Id: 100001,
      Name: 'Demo Rejser ApS',
      IsPro: true,
      IsPayingPro: true,
      IsVatFree: false,
    });
  });
});
