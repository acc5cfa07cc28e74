import { journalEntryProblems, money, type Money } from '@ledgerbridge/connector-sdk';
import fc from 'fast-check';
import { mapTransaction } from './map-transaction';
import type { ExpenseTransaction, MappingContext, MappingResult, Transaction, VatCode } from './mapping.types';
import { cardExpense, CATEGORIES, CONTEXT, VAT_CODES } from './spec-fixtures';

// Any rate and deductible share a company could define as its own purchase VAT type, on its own category.
const ownVatCode = fc.record({
  rateBasisPoints: fc.integer({ min: 0, max: 10_000 }),
  deductibleShareBasisPoints: fc.integer({ min: 0, max: 10_000 }),
  reverseCharge: fc.boolean(),
});
const categoryKey = fc.constantFrom('office', 'meals', 'software', 'postage', 'own');
const magnitude = fc.bigInt({ min: 1n, max: 100_000_000n });

interface Case {
  readonly transaction: ExpenseTransaction;
  readonly context: MappingContext;
}

const expenseCase: fc.Arbitrary<Case> = fc
  .record({
    negative: fc.boolean(),
    lines: fc.array(fc.record({ categoryKey, magnitude }), { minLength: 1, maxLength: 8 }),
    split: fc.boolean(),
    foreign: fc.option(fc.bigInt({ min: 1n, max: 10_000_000_000n }), { nil: undefined }),
    own: ownVatCode,
    kind: fc.constantFrom('card_expense' as const, 'out_of_pocket_expense' as const),
  })
  .map(({ negative, lines, split, foreign, own, kind }) => {
    const sign = negative ? -1n : 1n;
    const currency = foreign === undefined ? 'DKK' : 'EUR';
    const splitLines = (split ? lines : lines.slice(0, 1)).map((line) => ({
      categoryKey: line.categoryKey,
      amount: money(sign * line.magnitude, currency),
    }));
    const total = splitLines.reduce((sum, line) => sum + line.amount.amountMinor, 0n);
    const transaction = cardExpense({
      kind,
      amount: money(total, currency),
      categoryKey: splitLines[0]!.categoryKey,
      ...(split && { splitLines }),
      ...(foreign !== undefined && { settlement: { amount: money(sign * foreign, 'DKK'), rate: 'any' } }),
    });
    const vatCode: VatCode = { code: 'OWN', name: 'Own', direction: 'purchase', ...own };
    const context: MappingContext = {
      ...CONTEXT,
      categories: [...CATEGORIES, { key: 'own', accountNumber: '2220', taxCode: 'OWN' }],
      chart: { ...CONTEXT.chart, taxCodes: [...VAT_CODES, vatCode] },
    };
    return { transaction, context };
  });

function voucherOf(result: MappingResult) {
  if (result.kind !== 'expense_voucher') throw new Error(`expected a voucher, got ${JSON.stringify(result)}`);
  return result;
}

const bookedOf = ({ transaction }: Case): bigint => (transaction.settlement?.amount ?? transaction.amount).amountMinor;
const sum = (amounts: readonly Money[]) => amounts.reduce((total, amount) => total + amount.amountMinor, 0n);
const negate = (amount: Money) => money(-amount.amountMinor, amount.currency);

function refundOf(transaction: ExpenseTransaction): ExpenseTransaction {
  return {
    ...transaction,
    amount: negate(transaction.amount),
    ...(transaction.splitLines && {
      splitLines: transaction.splitLines.map((line) => ({ ...line, amount: negate(line.amount) })),
    }),
    ...(transaction.settlement && {
      settlement: { ...transaction.settlement, amount: negate(transaction.settlement.amount) },
    }),
  };
}

describe('mapTransaction: properties of expense vouchers', () => {
  it('creates or loses no øre: the lines add up to the booked amount and net + VAT = gross on every line', () => {
    fc.assert(
      fc.property(expenseCase, (example) => {
        const { voucher, lines } = voucherOf(mapTransaction(example.transaction, example.context));
        return (
          sum(voucher.lines.map((line) => line.amount)) === bookedOf(example) &&
          voucher.lines.every((line) => line.amount.currency === 'DKK' && line.amount.amountMinor !== 0n) &&
          lines.every(
            (line) =>
              line.net.amountMinor + line.vat.amountMinor === line.gross.amountMinor &&
              line.deductibleVat.amountMinor + line.nonDeductibleVat.amountMinor === line.vat.amountMinor,
          )
        );
      }),
    );
  });

  it('balances: expense and VAT debits equal the credit on the paying account', () => {
    fc.assert(
      fc.property(expenseCase, (example) => {
        const { lines } = voucherOf(mapTransaction(example.transaction, example.context));
        // Net and non-deductible VAT are cost, deductible VAT is input VAT, reverse charge nets out in VAT.
        const debits = lines.reduce(
          (total, line) =>
            total + line.net.amountMinor + line.nonDeductibleVat.amountMinor + line.deductibleVat.amountMinor,
          0n,
        );
        return debits === bookedOf(example);
      }),
    );
  });

  it('puts every line on the side of the total, and books a refund as the exact mirror of the purchase', () => {
    fc.assert(
      fc.property(expenseCase, (example) => {
        const purchase = voucherOf(mapTransaction(example.transaction, example.context));
        const refund = voucherOf(mapTransaction(refundOf(example.transaction), example.context));
        const positive = bookedOf(example) > 0n;
        const onSide = (amount: Money) => amount.amountMinor === 0n || amount.amountMinor > 0n === positive;
        return (
          purchase.lines.every((line) => [line.gross, line.net, line.vat, line.deductibleVat].every(onSide)) &&
          refund.lines.length === purchase.lines.length &&
          refund.lines.every(
            (line, index) =>
              line.gross.amountMinor === -purchase.lines[index]!.gross.amountMinor &&
              line.vat.amountMinor === -purchase.lines[index]!.vat.amountMinor &&
              line.deductibleVat.amountMinor === -purchase.lines[index]!.deductibleVat.amountMinor,
          )
        );
      }),
    );
  });
});

describe('mapTransaction: properties of journal entries', () => {
  const journalCase = fc.record({
    amount: fc.bigInt({ min: -10_000_000_000n, max: 10_000_000_000n }).filter((amount) => amount !== 0n),
    kind: fc.constantFrom('wallet', 'outside', 'top_up'),
    fundingAccount: fc.constantFrom(undefined, '55000'),
  });

  it('balances to zero with no VAT, debiting the receiving account for a positive amount and crediting it for a negative one', () => {
    fc.assert(
      fc.property(journalCase, ({ amount, kind, fundingAccount }) => {
        const base = { platformId: 'p', bookingDate: '2026-11-02', amount: money(amount, 'DKK') };
        const transaction: Transaction =
          kind === 'top_up' ? { ...base, kind: 'wallet_top_up' } : { ...base, kind: 'reimbursement', paidFrom: kind };
        const context = { ...CONTEXT, setup: { ...CONTEXT.setup, fundingAccount } };
        const result = mapTransaction(transaction, context);
        if (result.kind !== 'journal_entry') return false;
        const [debit, credit] = result.entry.lines;
        const receiving = kind === 'top_up' ? '55010' : '55020';
        return (
          journalEntryProblems(result.entry).length === 0 &&
          result.entry.lines.every((line) => line.taxCode === 'none') &&
          debit!.accountNumber === receiving &&
          debit!.amount.amountMinor === amount &&
          credit!.amount.amountMinor === -amount
        );
      }),
    );
  });
});
