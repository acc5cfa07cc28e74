import fc from 'fast-check';
import {
  balancedJournalEntry,
  InvalidJournalEntryError,
  isBalancedJournalEntry,
  journalEntryProblems,
} from './journal-entry';
import { money } from './money';
import type { JournalEntry, JournalLine } from './voucher.types';

const reimbursement: JournalEntry = {
  id: '0b8f5d0e-3c4a-4c1e-9a57-2f3d7c1b9e10',
  date: '2025-11-21',
  lines: [
    { accountNumber: '55020', amount: money(45_000n, 'DKK'), description: 'Refusion udlæg', taxCode: 'none' },
    { accountNumber: '55000', amount: money(-45_000n, 'DKK'), description: 'Refusion udlæg' },
  ],
};

const line = (accountNumber: string, amountMinor: bigint, currency = 'DKK'): JournalLine => ({
  accountNumber,
  amount: money(amountMinor, currency),
  description: 'x',
});

describe('journalEntryProblems', () => {
  it('accepts an entry whose debits equal its credits, also split over more than two lines', () => {
    expect(journalEntryProblems(reimbursement)).toEqual([]);
    const split = { ...reimbursement, lines: [line('55020', 300n), line('55030', 200n), line('55000', -500n)] };
    expect(journalEntryProblems(split)).toEqual([]);
    expect(isBalancedJournalEntry(split)).toBe(true);
  });

  it('refuses lines that do not sum to zero, naming the difference', () => {
    const entry = { ...reimbursement, lines: [line('55020', 45_000n), line('55000', -44_999n)] };
    expect(journalEntryProblems(entry)).toEqual([
      'its lines sum to 1 minor units of DKK, not 0: debits must equal credits',
    ]);
    expect(isBalancedJournalEntry(entry)).toBe(false);
  });

  it('refuses one line, zero amounts, mixed currencies, blank accounts, empty tax codes, bad dates and no id', () => {
    expect(journalEntryProblems({ ...reimbursement, lines: [line('55020', 0n)] })).toEqual([
      'it has 1 line(s); a balanced entry needs at least two',
      'line 1 has a zero amount, which posts nothing',
    ]);
    expect(
      journalEntryProblems({ ...reimbursement, lines: [line('55020', 100n), line('55000', -100n, 'EUR')] }),
    ).toEqual(['its lines mix currencies (DKK, EUR)']);
    expect(
      journalEntryProblems({
        id: ' ',
        date: '2025-02-30',
        lines: [{ ...line(' ', 100n), taxCode: '' }, line('55000', -100n)],
      }),
    ).toEqual([
      'it has no id',
      'its date "2025-02-30" is not a real YYYY-MM-DD date',
      'line 1 has no account number',
      "line 1 has an empty tax code; omit it for the account's default",
    ]);
  });

  it('finds every entry balanced exactly when its integer lines sum to zero', () => {
    const amounts = fc.array(
      fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((n) => n !== 0n),
      {
        minLength: 2,
        maxLength: 6,
      },
    );
    fc.assert(
      fc.property(amounts, (values) => {
        const lines = values.map((value, index) => line(String(1000 + index), value));
        const sum = values.reduce((total, value) => total + value, 0n);
        expect(isBalancedJournalEntry({ ...reimbursement, lines })).toBe(sum === 0n);
        const closing = line('9999', -sum);
        if (sum !== 0n) expect(isBalancedJournalEntry({ ...reimbursement, lines: [...lines, closing] })).toBe(true);
      }),
    );
  });
});

describe('balancedJournalEntry', () => {
  it('returns a frozen copy of a balanced entry and throws every problem of an unbalanced one', () => {
    const checked = balancedJournalEntry(reimbursement);
    expect(checked).toEqual(reimbursement);
    expect(Object.isFrozen(checked) && Object.isFrozen(checked.lines)).toBe(true);
    const unbalanced = { ...reimbursement, lines: [line('55020', 1n), line('55000', 1n)] };
    expect(() => balancedJournalEntry(unbalanced)).toThrow(InvalidJournalEntryError);
    expect(() => balancedJournalEntry(unbalanced)).toThrow('its lines sum to 2 minor units of DKK, not 0');
  });
});
