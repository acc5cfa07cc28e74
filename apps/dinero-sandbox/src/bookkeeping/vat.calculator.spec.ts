import fc from 'fast-check';
import type { VatType } from '../state/chart.store';
import { splitPurchaseAmount } from './vat.calculator';

const vat = (overrides: Partial<VatType> = {}): VatType => ({
  code: 'I25',
  name: 'Købsmoms',
  rate: 0.25,
  direction: 'purchase',
  region: 'DK',
  reverseCharge: false,
  deductibleShare: 1,
  vatAccountNumber: 66100,
  reverseChargeAccountNumber: null,
  ...overrides,
});

describe('splitPurchaseAmount', () => {
  it('splits 25 % VAT out of a VAT-inclusive amount', () => {
    expect(splitPurchaseAmount(12500, vat())).toEqual({
      netOre: 10000,
      vatOre: 2500,
      reverseOre: 0,
      shownVatOre: 2500,
    });
  });

  it('keeps the non-deductible part of restaurant VAT on the expense', () => {
    expect(splitPurchaseAmount(50000, vat({ code: 'HREP', deductibleShare: 0.25 }))).toEqual({
      netOre: 47500,
      vatOre: 2500,
      reverseOre: 0,
      shownVatOre: 2500,
    });
  });

  it('adds reverse-charged VAT on top of a foreign net amount', () => {
    expect(splitPurchaseAmount(20000, vat({ reverseCharge: true, reverseChargeAccountNumber: 66210 }))).toEqual({
      netOre: 20000,
      vatOre: 5000,
      reverseOre: 5000,
      shownVatOre: 0,
    });
  });

  it('never loses an øre: net plus deductible VAT is the amount, for any amount and share', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.constantFrom(1, 0.25, 0.5), (amount, share) => {
        const split = splitPurchaseAmount(amount, vat({ deductibleShare: share }));
        return split.netOre + split.vatOre === amount && Number.isInteger(split.vatOre);
      }),
    );
  });
});
