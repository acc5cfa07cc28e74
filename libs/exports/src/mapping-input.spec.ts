import { money } from '@ledgerbridge/connector-sdk';
import type { TransactionEntity } from '@ledgerbridge/persistence';
import { exportIdOf } from './export-id';
import { mappingTransactionOf } from './mapping-input';
import { NO_DETAILS } from './test-support/transaction-details';

const row = (over: Partial<TransactionEntity>): TransactionEntity =>
  ({
    platformId: 'p-1',
    bookedOn: '2026-11-20',
    amount: 12_550,
    currency: 'DKK',
    ...NO_DETAILS,
    paidFrom: null,
    ...over,
  }) as TransactionEntity;

describe('exportIdOf', () => {
  it('is a stable UUIDv5 that changes with every part of its name', () => {
    const id = exportIdOf('c-1', 't-1', 1, 'dinero');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(exportIdOf('c-1', 't-1', 1, 'dinero')).toBe(id);
    const others = [
      exportIdOf('c-2', 't-1', 1, 'dinero'),
      exportIdOf('c-1', 't-2', 1, 'dinero'),
      exportIdOf('c-1', 't-1', 2, 'dinero'),
      exportIdOf('c-1', 't-1', 1, 'other'),
    ];
    expect(new Set([id, ...others]).size).toBe(5);
  });
});

describe('mappingTransactionOf', () => {
  it.each([
    ['card_wallet', 'wallet'],
    ['bank_transfer', 'outside'],
    ['payroll', 'outside'],
  ] as const)('reads a reimbursement paid from %s as paid from %s', (paidFrom, expected) => {
    const tx = mappingTransactionOf(row({ kind: 'reimbursement', paidFrom }), 'DKK');
    expect(tx).toMatchObject({ kind: 'reimbursement', paidFrom: expected });
  });

  it('carries split lines, the VAT override and a foreign settlement in the books currency', () => {
    const tx = mappingTransactionOf(
      row({
        kind: 'card_expense',
        currency: 'EUR',
        amount: 1000,
        settledAmount: 7456,
        exchangeRate: '7.456',
        merchant: 'Hotel',
        categoryKey: 'travel',
        taxCode: 'I25',
        lines: [{ categoryKey: 'travel', taxCode: null, amount: 1000 }],
      }),
      'DKK',
    );
    expect(tx).toMatchObject({
      kind: 'card_expense',
      amount: money(1000, 'EUR'),
      settlement: { amount: money(7456, 'DKK'), rate: '7.456' },
      taxCode: 'I25',
      splitLines: [{ categoryKey: 'travel', amount: money(1000, 'EUR') }],
    });
    expect((tx as unknown as { splitLines: object[] }).splitLines[0]).not.toHaveProperty('taxCode');
  });
});
