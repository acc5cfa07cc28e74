/** Request bodies for `POST …/transactions`, shared by the suites that need a plain transaction to work on. */

let seq = 0;

/** A platform id no other test (or earlier run against the same database) has used. */
export function platformId(prefix = 'pf'): string {
  return `${prefix}-${process.pid}-${Date.now()}-${++seq}`;
}

/** A 125.00 DKK train ticket paid with the company card, filed under `travel`; `over` replaces any field. */
export function cardExpense(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    platformId: platformId(),
    kind: 'card_expense',
    bookedOn: '2026-11-24',
    amount: 12500,
    currency: 'DKK',
    merchant: 'DSB',
    description: 'Togbillet',
    employeeId: 'emp-42',
    employeeName: 'Mette Hansen',
    categoryKey: 'travel',
    ...over,
  };
}
