import { money } from '@ledgerbridge/connector-sdk';
import { mapTransaction } from './map-transaction';
import type { AttentionReason, MappingContext, MappingResult, Transaction } from './mapping.types';
import { cardExpense, CONTEXT, dkk } from './spec-fixtures';

function reasonsOf(result: MappingResult): readonly AttentionReason[] {
  if (result.kind !== 'needs_attention') throw new Error(`expected reasons, got ${result.kind}`);
  return result.reasons;
}

const codesAndFields = (result: MappingResult) => reasonsOf(result).map((reason) => [reason.code, reason.field]);

describe('mapTransaction: attention reasons', () => {
  it('lists every cause found in one expense, not just the first', () => {
    const transaction = cardExpense({
      amount: dkk(10_000n),
      splitLines: [
        { categoryKey: 'unmapped', amount: dkk(1_000n) },
        { categoryKey: 'legacy', amount: dkk(1_000n) },
        { categoryKey: 'equity', amount: dkk(1_000n) },
        { categoryKey: 'nope', amount: dkk(1_000n) },
        { categoryKey: 'office', taxCode: 'XX', amount: dkk(1_000n) },
        { categoryKey: 'office', taxCode: 'U25', amount: dkk(1_000n) },
        { categoryKey: 'office', amount: money(1_000n, 'EUR') },
      ],
    });
    const setup = { ...CONTEXT.setup, depositAccount: null };
    expect(codesAndFields(mapTransaction(transaction, { ...CONTEXT, setup }))).toEqual([
      ['setup_incomplete', 'setup.depositAccount'],
      ['split_lines_mismatch', 'splitLines[6].amount'],
      ['split_lines_mismatch', 'splitLines'],
      ['category_without_account', 'categories.unmapped.accountNumber'],
      ['account_inactive', 'categories.legacy.accountNumber'],
      ['account_not_for_expenses', 'categories.equity.accountNumber'],
      ['category_unknown', 'splitLines[3].categoryKey'],
      ['vat_code_unknown', 'splitLines[4].taxCode'],
      ['vat_code_not_for_purchases', 'splitLines[5].taxCode'],
    ]);
  });

  it('names a category or account unknown to the synced chart and a missing VAT code', () => {
    const context: MappingContext = {
      ...CONTEXT,
      categories: [
        { key: 'office', accountNumber: '9999' },
        { key: 'software', accountNumber: '2240' },
      ],
    };
    expect(codesAndFields(mapTransaction(cardExpense(), context))).toEqual([
      ['account_unknown', 'categories.office.accountNumber'],
    ]);
    expect(codesAndFields(mapTransaction(cardExpense({ categoryKey: 'software' }), context))).toEqual([
      ['vat_code_missing', 'categories.software.taxCode'],
    ]);
  });

  it('asks for a settled amount for a foreign-currency expense, and refuses one in the wrong currency or sign', () => {
    const eur = cardExpense({ amount: money(10_000n, 'EUR') });
    expect(codesAndFields(mapTransaction(eur, CONTEXT))).toEqual([['foreign_currency_unsettled', 'settlement']]);
    const inSek = { ...eur, settlement: { amount: money(1n, 'SEK'), rate: '1' } };
    expect(codesAndFields(mapTransaction(inSek, CONTEXT))).toEqual([['settlement_invalid', 'settlement.amount']]);
    const flipped = { ...eur, settlement: { amount: dkk(-74_561n), rate: '7.4561' } };
    expect(codesAndFields(mapTransaction(flipped, CONTEXT))).toEqual([['settlement_invalid', 'settlement.amount']]);
  });

  it('reports a paying account that is no longer a deposit account in the synced chart', () => {
    const setup = { ...CONTEXT.setup, outOfPocketAccount: '58000' };
    const expense = cardExpense({ kind: 'out_of_pocket_expense' });
    expect(codesAndFields(mapTransaction(expense, { ...CONTEXT, setup }))).toEqual([
      ['account_not_deposit', 'setup.outOfPocketAccount'],
    ]);
  });

  it('reports a zero amount and a company with no setup at all', () => {
    const topUp: Transaction = { kind: 'wallet_top_up', platformId: 't', bookingDate: '2026-11-01', amount: dkk(0n) };
    expect(codesAndFields(mapTransaction(topUp, { ...CONTEXT, setup: null }))).toEqual([
      ['amount_zero', 'amount'],
      ['setup_incomplete', 'setup'],
    ]);
  });

  it('reports each missing or inactive account of a reimbursement, and one posted against itself', () => {
    const reimbursement: Transaction = {
      kind: 'reimbursement',
      platformId: 'r',
      bookingDate: '2026-11-01',
      amount: dkk(100n),
      paidFrom: 'outside',
    };
    const missing = { ...CONTEXT, setup: { depositAccount: '55010', reimbursementAccount: '2250' } };
    expect(codesAndFields(mapTransaction(reimbursement, missing))).toEqual([
      ['setup_incomplete', 'setup.outOfPocketAccount'],
      ['account_inactive', 'setup.reimbursementAccount'],
    ]);
    const same = { ...CONTEXT, setup: { ...CONTEXT.setup, reimbursementAccount: '55020' } };
    expect(codesAndFields(mapTransaction(reimbursement, same))).toEqual([['same_account', 'setup']]);
  });

  it('reports a top-up with neither a funding nor a reimbursement account', () => {
    const topUp: Transaction = { kind: 'wallet_top_up', platformId: 't', bookingDate: '2026-11-01', amount: dkk(1n) };
    const setup = { depositAccount: '55010', outOfPocketAccount: '55020' };
    expect(codesAndFields(mapTransaction(topUp, { ...CONTEXT, setup }))).toEqual([
      ['setup_incomplete', 'setup.fundingAccount'],
    ]);
  });
});
