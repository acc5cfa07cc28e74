import fc from 'fast-check';
import { InvalidMoneyError, isMoney, money, sumMoney, toDecimalString } from './money';

const safeBigInt = fc.bigInt({ min: BigInt(Number.MIN_SAFE_INTEGER), max: BigInt(Number.MAX_SAFE_INTEGER) });

describe('money', () => {
  it('accepts any safe integer as bigint or number and keeps it exactly', () => {
    fc.assert(
      fc.property(safeBigInt, (amount) => {
        expect(money(amount, 'DKK')).toEqual({ amountMinor: amount, currency: 'DKK' });
        expect(money(Number(amount), 'DKK').amountMinor).toBe(amount);
      }),
    );
  });

  it('accepts bigints beyond the safe number range, since bigint loses nothing', () => {
    expect(money(2n ** 70n, 'DKK').amountMinor).toBe(2n ** 70n);
  });

  it('rejects every non-integer number', () => {
    const fractional = fc.double({ noNaN: true }).filter((value) => !Number.isInteger(value));
    fc.assert(fc.property(fractional, (value) => expect(() => money(value, 'DKK')).toThrow(InvalidMoneyError)));
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 12.5])('rejects %p', (value) => {
    expect(() => money(value, 'DKK')).toThrow(InvalidMoneyError);
  });

  it.each(['dkk', 'DK', 'DKKK', ''])('rejects currency %p', (currency) => {
    expect(() => money(1n, currency)).toThrow('ISO 4217');
  });

  it('returns a frozen value', () => {
    expect(Object.isFrozen(money(1n, 'EUR'))).toBe(true);
  });
});

describe('isMoney', () => {
  it('accepts only a bigint amount with an ISO currency', () => {
    expect(isMoney({ amountMinor: 100n, currency: 'DKK' })).toBe(true);
    expect(isMoney({ amountMinor: 100, currency: 'DKK' })).toBe(false);
    expect(isMoney({ amountMinor: 100n, currency: 'kr' })).toBe(false);
    expect(isMoney(null)).toBe(false);
  });
});

describe('sumMoney', () => {
  it('adds amounts of one currency and refuses to mix currencies', () => {
    expect(sumMoney([money(150n, 'DKK'), money(-50n, 'DKK')], 'DKK')).toEqual(money(100n, 'DKK'));
    expect(sumMoney([], 'DKK')).toEqual(money(0n, 'DKK'));
    expect(() => sumMoney([money(1n, 'EUR')], 'DKK')).toThrow('Cannot add EUR to a DKK total.');
  });
});

describe('toDecimalString', () => {
  it.each([
    [0n, '0.00'],
    [5n, '0.05'],
    [-5n, '-0.05'],
    [12345n, '123.45'],
    [-100n, '-1.00'],
  ])('renders %p øre as %p', (amount, expected) => {
    expect(toDecimalString(money(amount, 'DKK'))).toBe(expected);
  });

  it('renders other exponents', () => {
    expect(toDecimalString(money(-1234n, 'JPY'), 0)).toBe('-1234');
    expect(toDecimalString(money(1234n, 'KWD'), 3)).toBe('1.234');
    expect(() => toDecimalString(money(1n, 'DKK'), 1.5)).toThrow(InvalidMoneyError);
  });

  it('round-trips through integer parsing for any amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (amount) => {
        const text = toDecimalString(money(amount, 'DKK'));
        expect(BigInt(text.replace('.', ''))).toBe(amount);
        expect(text).toMatch(/^-?\d+\.\d{2}$/);
      }),
    );
  });
});
