import { journalEntryProblems, money } from '@ledgerbridge/connector-sdk';
import { InvalidMappingInputError, mapTransaction } from './map-transaction';
import type { MappingResult, Transaction } from './mapping.types';
import { cardExpense, CONTEXT, dkk, EXPORT_ID } from './spec-fixtures';

function voucherOf(result: MappingResult) {
  if (result.kind !== 'expense_voucher') throw new Error(`expected a voucher, got ${JSON.stringify(result)}`);
  return result;
}

function entryOf(result: MappingResult) {
  if (result.kind !== 'journal_entry') throw new Error(`expected an entry, got ${JSON.stringify(result)}`);
  return result.entry;
}

const postings = (result: MappingResult) =>
  entryOf(result).lines.map((line) => [line.accountNumber, line.amount.amountMinor, line.taxCode]);

describe('mapTransaction: the posting table', () => {
  it('books a card expense on the category account, paid from the card wallet, with a deterministic reference', () => {
    const { voucher, lines } = voucherOf(mapTransaction(cardExpense(), CONTEXT));
    expect(voucher).toEqual({
      date: '2026-11-20',
      paidFromAccount: '55010',
      lines: [
        { accountNumber: '2220', description: 'Office Depot: Printer paper', amount: dkk(12_500n), taxCode: 'I25' },
      ],
      externalRef: `lb-export-${EXPORT_ID}`,
    });
    expect(lines[0]).toMatchObject({ net: dkk(10_000n), vat: dkk(2_500n), deductibleVat: dkk(2_500n) });
  });

  it('books an out-of-pocket expense paid from the out-of-pocket account', () => {
    const { voucher } = voucherOf(mapTransaction(cardExpense({ kind: 'out_of_pocket_expense' }), CONTEXT));
    expect(voucher.paidFromAccount).toBe('55020');
  });

  it('books a reimbursement paid from the wallet: out-of-pocket account debited, wallet credited, no VAT', () => {
    const reimbursement: Transaction = {
      kind: 'reimbursement',
      platformId: 'r-1',
      bookingDate: '2026-11-21',
      amount: dkk(45_000n),
      paidFrom: 'wallet',
      employee: 'Mette Hansen',
    };
    const result = mapTransaction(reimbursement, CONTEXT);
    expect(postings(result)).toEqual([
      ['55020', 45_000n, 'none'],
      ['55010', -45_000n, 'none'],
    ]);
    expect(entryOf(result)).toMatchObject({ id: EXPORT_ID, date: '2026-11-21', externalRef: `lb-export-${EXPORT_ID}` });
    expect(entryOf(result).lines[0]?.description).toBe('Reimbursement to Mette Hansen');
    expect(journalEntryProblems(entryOf(result))).toEqual([]);
  });

  it('books a reimbursement paid outside on the reimbursement account', () => {
    const result = mapTransaction(
      { kind: 'reimbursement', platformId: 'r-2', bookingDate: '2026-11-21', amount: dkk(100n), paidFrom: 'outside' },
      CONTEXT,
    );
    expect(postings(result)).toEqual([
      ['55020', 100n, 'none'],
      ['55030', -100n, 'none'],
    ]);
  });

  it('books a wallet top-up from the funding account, defaulting to the reimbursement account', () => {
    const topUp: Transaction = {
      kind: 'wallet_top_up',
      platformId: 't-1',
      bookingDate: '2026-11-01',
      amount: dkk(500_000n),
    };
    expect(postings(mapTransaction(topUp, CONTEXT))).toEqual([
      ['55010', 500_000n, 'none'],
      ['55030', -500_000n, 'none'],
    ]);
    const funded = { ...CONTEXT, setup: { ...CONTEXT.setup, fundingAccount: '55000' } };
    expect(postings(mapTransaction(topUp, funded))).toEqual([
      ['55010', 500_000n, 'none'],
      ['55000', -500_000n, 'none'],
    ]);
  });
});

describe('mapTransaction: VAT, splits, currencies and refunds', () => {
  it('splits a 1,000 kr restaurant bill at 25 % with 25 % of the VAT deductible', () => {
    const { lines } = voucherOf(mapTransaction(cardExpense({ amount: dkk(100_000n), categoryKey: 'meals' }), CONTEXT));
    expect(lines).toEqual([
      expect.objectContaining({
        taxCode: 'I25REST',
        gross: dkk(100_000n),
        net: dkk(80_000n),
        vat: dkk(20_000n),
        deductibleVat: dkk(5_000n),
        nonDeductibleVat: dkk(15_000n),
      }),
    ]);
  });

  it('books a reverse-charge line with no VAT in the price and the self-assessed VAT beside it', () => {
    const { lines } = voucherOf(
      mapTransaction(cardExpense({ amount: dkk(40_000n), categoryKey: 'software' }), CONTEXT),
    );
    expect(lines[0]).toMatchObject({ net: dkk(40_000n), vat: dkk(0n), reverseChargeVat: dkk(10_000n) });
  });

  it('uses the VAT override before the category default, and a split line’s own code before both', () => {
    const overridden = voucherOf(mapTransaction(cardExpense({ categoryKey: 'meals', taxCode: 'I25' }), CONTEXT));
    expect(overridden.voucher.lines[0]?.taxCode).toBe('I25');
    const split = cardExpense({
      amount: dkk(30_000n),
      taxCode: 'I25',
      splitLines: [
        { categoryKey: 'meals', amount: dkk(20_000n) },
        { categoryKey: 'meals', taxCode: 'none', amount: dkk(10_000n) },
      ],
    });
    expect(voucherOf(mapTransaction(split, CONTEXT)).voucher.lines.map((line) => line.taxCode)).toEqual([
      'I25',
      'none',
    ]);
  });

  it('takes the no-VAT code "none" in any case even when the provider does not list it as a VAT type', () => {
    const chart = { ...CONTEXT.chart, taxCodes: CONTEXT.chart.taxCodes.filter((code) => code.code !== 'none') };
    const result = mapTransaction(cardExpense({ taxCode: 'NONE' }), { ...CONTEXT, chart });
    expect(voucherOf(result).lines[0]).toMatchObject({ taxCode: 'none', net: dkk(12_500n), vat: dkk(0n) });
  });

  it('merges split lines with the same account and VAT code into one voucher line', () => {
    const split = cardExpense({
      amount: dkk(60_000n),
      splitLines: [
        { categoryKey: 'meals', amount: dkk(40_000n) },
        { categoryKey: 'postage', amount: dkk(5_000n) },
        { categoryKey: 'meals', amount: dkk(15_000n) },
      ],
    });
    const { voucher, lines } = voucherOf(mapTransaction(split, CONTEXT));
    expect(voucher.lines.map((line) => [line.accountNumber, line.taxCode, line.amount.amountMinor])).toEqual([
      ['2230', 'I25REST', 55_000n],
      ['2260', 'none', 5_000n],
    ]);
    expect(lines.map((line) => line.categoryKeys)).toEqual([['meals'], ['postage']]);
  });

  it('books a EUR expense at its settled DKK amount, scaling split lines so they add up to the øre', () => {
    const eur = cardExpense({
      amount: money(10_000n, 'EUR'),
      settlement: { amount: dkk(74_561n), rate: '7.4561' },
      splitLines: [
        { categoryKey: 'office', amount: money(3_333n, 'EUR') },
        { categoryKey: 'postage', amount: money(3_333n, 'EUR') },
        { categoryKey: 'meals', amount: money(3_334n, 'EUR') },
      ],
    });
    const { voucher } = voucherOf(mapTransaction(eur, CONTEXT));
    // Exact shares 24851.18, 24851.18, 24858.63: the 1 øre left goes to the largest remainder.
    expect(voucher.lines.map((line) => line.amount)).toEqual([dkk(24_851n), dkk(24_851n), dkk(24_859n)]);
  });

  it('flips every sign for a refund (a negative expense)', () => {
    const { voucher, lines } = voucherOf(mapTransaction(cardExpense({ amount: dkk(-12_500n) }), CONTEXT));
    expect(voucher.lines[0]?.amount).toEqual(dkk(-12_500n));
    expect(lines[0]).toMatchObject({ net: dkk(-10_000n), vat: dkk(-2_500n) });
  });

  it('refuses an export id that is not a UUID, since Dinero takes only UUIDs as ledger item ids', () => {
    expect(() => mapTransaction(cardExpense(), { ...CONTEXT, exportId: 'export-1' })).toThrow(InvalidMappingInputError);
  });
});
