import fc from 'fast-check';
import { allocateLargestRemainder } from './allocate';
import { divideRoundHalfAwayFromZero, InvalidVatRateError, vatSplit } from './vat';

const gross = fc.bigInt({ min: -10_000_000_000n, max: 10_000_000_000n });
const rate = fc.integer({ min: 0, max: 10_000 });
const share = fc.integer({ min: 0, max: 10_000 });
const abs = (value: bigint) => (value < 0n ? -value : value);

describe('vatSplit: known Danish examples', () => {
  it('splits 125.00 kr at 25 % into 100.00 net and 25.00 VAT', () => {
    expect(vatSplit(12_500n, { rateBasisPoints: 2500 })).toMatchObject({ net: 10_000n, vat: 2_500n });
  });

  it('deducts a quarter of the VAT on a 1,000 kr restaurant bill', () => {
    expect(vatSplit(100_000n, { rateBasisPoints: 2500, deductibleShareBasisPoints: 2500 })).toEqual({
      gross: 100_000n,
      net: 80_000n,
      vat: 20_000n,
      deductibleVat: 5_000n,
      nonDeductibleVat: 15_000n,
      reverseChargeVat: 0n,
    });
  });

  it('rounds half an øre away from zero, for refunds too', () => {
    expect(vatSplit(2n, { rateBasisPoints: 2500 }).vat).toBe(0n); // 0.4 øre
    expect(vatSplit(3n, { rateBasisPoints: 2500 }).vat).toBe(1n); // 0.6 øre
    expect(divideRoundHalfAwayFromZero(5n, 2n)).toBe(3n);
    expect(divideRoundHalfAwayFromZero(-5n, 2n)).toBe(-3n);
    // 3 øre at 25 % hold 1 øre VAT; half of it deductible is 0.5 øre, rounded to 1.
    const half = { rateBasisPoints: 2500, deductibleShareBasisPoints: 5000 };
    expect(vatSplit(3n, half)).toMatchObject({ vat: 1n, deductibleVat: 1n, nonDeductibleVat: 0n });
    expect(vatSplit(-3n, half)).toMatchObject({ vat: -1n, deductibleVat: -1n, nonDeductibleVat: 0n });
  });

  it('holds no VAT at 0 % and none in a reverse-charge price', () => {
    expect(vatSplit(100_000n, { rateBasisPoints: 0 })).toMatchObject({ net: 100_000n, vat: 0n });
    expect(vatSplit(100_000n, { rateBasisPoints: 2500, reverseCharge: true })).toMatchObject({
      net: 100_000n,
      vat: 0n,
      reverseChargeVat: 25_000n,
    });
  });

  it('refuses a rate or share that is not whole basis points in range', () => {
    expect(() => vatSplit(1n, { rateBasisPoints: 25.5 })).toThrow(InvalidVatRateError);
    expect(() => vatSplit(1n, { rateBasisPoints: -1 })).toThrow(InvalidVatRateError);
    expect(() => vatSplit(1n, { rateBasisPoints: 2500, deductibleShareBasisPoints: 10_001 })).toThrow(
      InvalidVatRateError,
    );
  });
});

describe('vatSplit: properties', () => {
  it('creates or loses no øre: net + VAT = gross and deductible + non-deductible = VAT', () => {
    fc.assert(
      fc.property(gross, rate, share, fc.boolean(), (g, r, s, reverseCharge) => {
        const split = vatSplit(g, { rateBasisPoints: r, deductibleShareBasisPoints: s, reverseCharge });
        return split.net + split.vat === g && split.deductibleVat + split.nonDeductibleVat === split.vat;
      }),
    );
  });

  it('is the exact VAT rounded to the nearest øre, and the deductible part likewise', () => {
    fc.assert(
      fc.property(gross, rate, share, (g, r, s) => {
        const split = vatSplit(g, { rateBasisPoints: r, deductibleShareBasisPoints: s });
        const denominator = BigInt(10_000 + r);
        return (
          2n * abs(split.vat * denominator - g * BigInt(r)) <= denominator &&
          2n * abs(split.deductibleVat * 10_000n - split.vat * BigInt(s)) <= 10_000n
        );
      }),
    );
  });

  it('mirrors a refund exactly and keeps every part on the side of the gross amount', () => {
    fc.assert(
      fc.property(gross, rate, share, (g, r, s) => {
        const treatment = { rateBasisPoints: r, deductibleShareBasisPoints: s };
        const purchase = vatSplit(g, treatment);
        const refund = vatSplit(-g, treatment);
        const sameSide = (part: bigint) => part === 0n || part > 0n === g > 0n;
        return (
          refund.vat === -purchase.vat &&
          refund.deductibleVat === -purchase.deductibleVat &&
          [purchase.net, purchase.vat, purchase.deductibleVat, purchase.nonDeductibleVat].every(sameSide) &&
          abs(purchase.vat) <= abs(g)
        );
      }),
    );
  });
});

describe('allocateLargestRemainder: properties', () => {
  const weights = fc.array(fc.bigInt({ min: 1n, max: 10_000_000n }), { minLength: 1, maxLength: 12 });
  const total = fc.bigInt({ min: -10_000_000_000n, max: 10_000_000_000n });

  it('adds up to the total exactly, each part within one øre of its exact share', () => {
    fc.assert(
      fc.property(total, weights, (t, w) => {
        const parts = allocateLargestRemainder(t, w);
        const weightSum = w.reduce((sum, weight) => sum + weight, 0n);
        return (
          parts.reduce((sum, part) => sum + part, 0n) === t &&
          parts.every((part, index) => abs(part * weightSum - t * w[index]!) < weightSum)
        );
      }),
    );
  });

  it('keeps every part on the side of the total and mirrors a refund exactly', () => {
    fc.assert(
      fc.property(total, weights, (t, w) => {
        const parts = allocateLargestRemainder(t, w);
        const mirrored = allocateLargestRemainder(-t, w);
        return (
          parts.every((part) => part === 0n || part > 0n === t > 0n) &&
          mirrored.every((part, index) => part === -parts[index]!)
        );
      }),
    );
  });

  it('adds up for weights of mixed signs too, and refuses weights that sum to zero', () => {
    const mixed = fc.array(fc.bigInt({ min: -1_000_000n, max: 1_000_000n }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(
        total,
        mixed.filter((w) => w.reduce((sum, weight) => sum + weight, 0n) !== 0n),
        (t, w) => {
          return allocateLargestRemainder(t, w).reduce((sum, part) => sum + part, 0n) === t;
        },
      ),
    );
    expect(() => allocateLargestRemainder(5n, [1n, -1n])).toThrow(RangeError);
  });
});
