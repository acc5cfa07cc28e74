import { money } from '@ledgerbridge/connector-sdk';
import type { MappingContext, Transaction } from '@ledgerbridge/mapping';
import type { CategoryEntity, LedgerAccountEntity, TaxCodeEntity, TransactionEntity } from '@ledgerbridge/persistence';

/** The stored transaction as the posting rules read it; `booksCurrency` is the company's base currency. */
export function mappingTransactionOf(row: TransactionEntity, booksCurrency: string): Transaction {
  const base = {
    platformId: row.platformId,
    bookingDate: row.bookedOn,
    amount: money(row.amount, row.currency),
    ...(row.settledAmount !== null &&
      row.currency !== booksCurrency && {
        settlement: { amount: money(row.settledAmount, booksCurrency), rate: row.exchangeRate ?? '' },
      }),
  };
  const opt = <K extends string>(key: K, value: string | null) => (value === null ? {} : { [key]: value });
  if (row.kind === 'reimbursement')
    return {
      ...base,
      kind: row.kind,
      paidFrom: row.paidFrom === 'card_wallet' ? 'wallet' : 'outside',
      ...opt('employee', row.employeeName ?? row.employeeId),
      ...opt('description', row.description),
    };
  if (row.kind === 'wallet_top_up') return { ...base, kind: row.kind, ...opt('description', row.description) };
  return {
    ...base,
    kind: row.kind,
    merchant: row.merchant ?? '',
    description: row.description ?? '',
    employee: row.employeeName ?? row.employeeId ?? '',
    categoryKey: row.categoryKey ?? '',
    ...opt('taxCode', row.taxCode),
    ...(row.lines !== null && {
      splitLines: row.lines.map((l) => ({
        categoryKey: l.categoryKey,
        ...opt('taxCode', l.taxCode),
        amount: money(l.amount, row.currency),
      })),
    }),
  };
}

/** The stored categories and chart as the posting rules read them; only active VAT codes can be chosen. */
export function chartFactsOf(
  categories: CategoryEntity[],
  accounts: LedgerAccountEntity[],
  taxCodes: TaxCodeEntity[],
): Pick<MappingContext, 'categories' | 'chart'> {
  return {
    categories: categories.map((c) => ({
      key: c.key,
      name: c.name,
      accountNumber: c.accountNumber,
      taxCode: c.taxCode,
    })),
    chart: {
      accounts: accounts.map((a) => ({
        number: a.number,
        name: a.name,
        kind: a.kind as 'expense',
        active: a.active,
        expenseAllowed: a.expenseAllowed,
        ...(a.defaultTaxCode !== null && { defaultTaxCode: a.defaultTaxCode }),
      })),
      taxCodes: taxCodes
        .filter((t) => t.active)
        .map((t) => ({
          code: t.code,
          name: t.name,
          rateBasisPoints: t.rateBasisPoints,
          direction: t.direction as 'purchase',
        })),
    },
  };
}
