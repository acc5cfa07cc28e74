import fc from 'fast-check';
import { ConnectorError, money } from '@ledgerbridge/connector-sdk';
import { accountNumberOf, dineroDateOf, kronerOf, oreOf } from './money.payload';

const LIMIT = 10n ** 15n - 1n;

describe('kronerOf / oreOf', () => {
  it('turns øre into the kroner number Dinero wants', () => {
    expect(kronerOf(money(12_345n, 'DKK'), 'Amount')).toBe(123.45);
    expect(kronerOf(money(-5n, 'DKK'), 'Amount')).toBe(-0.05);
    expect(kronerOf(money(0n, 'DKK'), 'Amount')).toBe(0);
    expect(JSON.stringify({ Amount: kronerOf(money(1_000_10n, 'DKK'), 'Amount') })).toBe('{"Amount":1000.1}');
  });

  it('round-trips every amount exactly through the JSON Dinero receives', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -LIMIT, max: LIMIT }), (ore) => {
        const sent = JSON.stringify(kronerOf(money(ore, 'DKK'), 'Amount'));
        expect(oreOf(JSON.parse(sent) as number)).toBe(ore);
        expect(oreOf(sent)).toBe(ore);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses amounts it could not send exactly, and other currencies', () => {
    expect(() => kronerOf(money(LIMIT + 1n, 'DKK'), 'Lines[0].Amount')).toThrow(ConnectorError);
    const error = (() => {
      try {
        kronerOf(money(100n, 'EUR'), 'Lines[0].Amount');
      } catch (e) {
        return e as ConnectorError;
      }
      return undefined;
    })();
    expect(error).toMatchObject({
      code: 'validation',
      field: 'Lines[0].Amount',
      message: expect.stringContaining('DKK only'),
    });
  });

  it('reads kroner text without floats and refuses fractions of an øre', () => {
    expect(oreOf('0.1')).toBe(10n);
    expect(oreOf('-12.05')).toBe(-1205n);
    expect(oreOf(9_007_199_254_740.99)).toBe(900_719_925_474_099n);
    expect(() => oreOf('1.005')).toThrow(RangeError);
    expect(() => oreOf(1e21)).toThrow(RangeError);
  });
});

describe('accountNumberOf / dineroDateOf', () => {
  it('sends ledger numbers as Dinero’s integers', () => {
    expect(accountNumberOf('55010', 'DepositAccountNumber')).toBe(55010);
    expect(() => accountNumberOf('5501-0', 'DepositAccountNumber')).toThrow(/whole numbers/);
    expect(() => accountNumberOf('', 'DepositAccountNumber')).toThrow(ConnectorError);
  });

  it('accepts real calendar dates only', () => {
    expect(dineroDateOf('2024-02-29', 'VoucherDate')).toBe('2024-02-29');
    expect(() => dineroDateOf('2025-02-29', 'VoucherDate')).toThrow(/YYYY-MM-DD/);
    expect(() => dineroDateOf('20-11-2025', 'VoucherDate')).toThrow(ConnectorError);
  });
});
