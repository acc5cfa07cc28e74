import { money, type Account } from '@ledgerbridge/connector-sdk';
import type { Category, ExpenseTransaction, MappingContext, VatCode } from './mapping.types';

// A Danish company's chart as the Dinero plugin syncs it; shared by the specs only.
const account = (number: string, name: string, kind: Account['kind'], extra: Partial<Account> = {}): Account => ({
  number,
  name,
  kind,
  active: true,
  ...extra,
});

export const ACCOUNTS: readonly Account[] = [
  account('2220', 'Kontorartikler', 'expense', { defaultTaxCode: 'I25', expenseAllowed: true }),
  account('2230', 'Restaurationsbesøg', 'expense', { defaultTaxCode: 'I25', expenseAllowed: true }),
  account('2240', 'Software', 'expense', { expenseAllowed: true }),
  account('2250', 'Gammel konto', 'expense', { active: false }),
  account('2260', 'Porto', 'expense'),
  account('58000', 'Egenkapital', 'balance', { expenseAllowed: false }),
  account('55000', 'Bank', 'deposit'),
  account('55010', 'Kortkonto (wallet)', 'deposit'),
  account('55020', 'Udlæg medarbejdere', 'deposit'),
  account('55030', 'Lønkonto', 'deposit'),
];

export const VAT_CODES: readonly VatCode[] = [
  { code: 'I25', name: 'Købsmoms 25%', rateBasisPoints: 2500, direction: 'purchase' },
  {
    code: 'I25REST',
    name: 'Købsmoms restaurant (25% fradrag)',
    rateBasisPoints: 2500,
    direction: 'purchase',
    deductibleShareBasisPoints: 2500,
  },
  {
    code: 'IEUY',
    name: 'EU-ydelser (omvendt betalingspligt)',
    rateBasisPoints: 2500,
    direction: 'purchase',
    reverseCharge: true,
  },
  { code: 'none', name: 'Ingen moms', rateBasisPoints: 0, direction: 'none' },
  { code: 'U25', name: 'Salgsmoms 25%', rateBasisPoints: 2500, direction: 'sale' },
];

export const CATEGORIES: readonly Category[] = [
  { key: 'office', name: 'Office', accountNumber: '2220' },
  { key: 'meals', name: 'Restaurant', accountNumber: '2230', taxCode: 'I25REST' },
  { key: 'software', name: 'Software (EU)', accountNumber: '2240', taxCode: 'IEUY' },
  { key: 'postage', name: 'Postage', accountNumber: '2260', taxCode: 'none' },
  { key: 'unmapped', name: 'Not mapped yet', accountNumber: null },
  { key: 'legacy', name: 'Old', accountNumber: '2250', taxCode: 'I25' },
  { key: 'equity', name: 'Wrong', accountNumber: '58000', taxCode: 'I25' },
];

export const EXPORT_ID = '0b8f5d0e-3c4a-4c1e-9a57-2f3d7c1b9e10';

export const CONTEXT: MappingContext = {
  exportId: EXPORT_ID,
  booksCurrency: 'DKK',
  setup: { depositAccount: '55010', outOfPocketAccount: '55020', reimbursementAccount: '55030' },
  categories: CATEGORIES,
  chart: { accounts: ACCOUNTS, taxCodes: VAT_CODES },
};

export const dkk = (amountMinor: bigint) => money(amountMinor, 'DKK');

export const cardExpense = (extra: Partial<ExpenseTransaction> = {}): ExpenseTransaction => ({
  kind: 'card_expense',
  platformId: 'tx-1',
  bookingDate: '2026-11-20',
  amount: dkk(12_500n),
  merchant: 'Office Depot',
  description: 'Printer paper',
  employee: 'Mette Hansen',
  categoryKey: 'office',
  ...extra,
});
