import type { TransactionEntity } from '@ledgerbridge/persistence';

/** A transaction's optional details, all unset: the specs' rows spread it and set the few they test. */
export const NO_DETAILS = {
  settledAmount: null,
  exchangeRate: null,
  merchant: null,
  description: null,
  employeeId: null,
  employeeName: null,
  categoryKey: null,
  taxCode: null,
  lines: null,
} satisfies Partial<TransactionEntity>;
