import fc from 'fast-check';
import { fixture } from '../test-support/dinero-contract';
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

describe('accountsFrom', () => {
  it('marks deposit accounts, hides hidden ones and maps Dinero categories', () => {
    const entries = entryAccountsFrom(fixture('accounts-entry.json'), 'reading accounts');
    const deposits = depositAccountsFrom(fixture('accounts-deposit.json'), 'reading deposit accounts');
    expect(accountsFrom(entries, deposits)).toEqual([
      { number: '1000', name: 'Salg af varer/ydelser m/moms', kind: 'revenue', defaultTaxCode: 'U25', active: true },
      { number: '2900', name: 'Lagerregulering', kind: 'expense', defaultTaxCode: 'none', active: false },
      { number: '3100', name: 'Restaurationsbesøg', kind: 'expense', defaultTaxCode: 'HREP', active: true },
      { number: '3300', name: 'Rejseudgifter', kind: 'expense', defaultTaxCode: 'I25', active: true },
      { number: '55000', name: 'Bank', kind: 'deposit', active: true },
      { number: '55010', name: 'Pleo wallet', kind: 'deposit', active: true },
      { number: '55020', name: 'Udlæg', kind: 'deposit', active: true },
      { number: '55100', name: 'Kasse', kind: 'deposit', active: false },
      { number: '63000', name: 'Kreditorer', kind: 'balance', active: true },
      { number: '66100', name: 'Købsmoms', kind: 'vat', active: true },
      { number: '69000', name: 'Noter', kind: 'other', active: true },
    ]);
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
