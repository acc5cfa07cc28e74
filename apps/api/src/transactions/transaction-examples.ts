/** An OpenAPI example object. */
interface ExampleObject {
  summary: string;
  value: unknown;
}

/** The request examples Swagger offers: one per kind of transaction the platform sends. */
export const BATCH_EXAMPLES: Record<string, ExampleObject> = {
  danishCardExpense: {
    summary: 'A Danish card expense',
    value: {
      items: [
        {
          platformId: 'pf-tx-2026-000123',
          kind: 'card_expense',
          bookedOn: '2026-11-24',
          amount: 12500,
          currency: 'DKK',
          merchant: 'DSB',
          description: 'Togbillet København–Aarhus',
          employeeId: 'emp-42',
          employeeName: 'Mette Hansen',
          categoryKey: 'travel',
        },
      ],
    },
  },
  splitRestaurantBill: {
    summary: 'A split restaurant bill: the meal (partly deductible VAT) and the wine',
    value: {
      items: [
        {
          platformId: 'pf-tx-2026-000124',
          kind: 'card_expense',
          bookedOn: '2026-11-24',
          amount: 125000,
          currency: 'DKK',
          merchant: 'Restaurant Kødbyen',
          description: 'Kundemiddag, 4 personer',
          employeeId: 'emp-42',
          employeeName: 'Mette Hansen',
          categoryKey: 'restaurant',
          lines: [
            { categoryKey: 'restaurant', taxCode: 'I25R', amount: 80000 },
            { categoryKey: 'representation', taxCode: 'none', amount: 45000 },
          ],
        },
      ],
    },
  },
  eurExpense: {
    summary: 'A EUR expense, settled in DKK',
    value: {
      items: [
        {
          platformId: 'pf-tx-2026-000125',
          kind: 'card_expense',
          bookedOn: '2026-11-20',
          amount: 12500,
          currency: 'EUR',
          settledAmount: 93256,
          exchangeRate: '7.4605',
          merchant: 'Hotel Adlon Berlin',
          description: 'Hotel, messe i Berlin',
          employeeId: 'emp-7',
          employeeName: 'Jonas Nielsen',
          categoryKey: 'travel',
        },
      ],
    },
  },
  reimbursement: {
    summary: 'A reimbursement paid by bank transfer',
    value: {
      items: [
        {
          platformId: 'pf-tx-2026-000126',
          kind: 'reimbursement',
          bookedOn: '2026-11-28',
          amount: 34900,
          currency: 'DKK',
          employeeId: 'emp-7',
          employeeName: 'Jonas Nielsen',
          paidFrom: 'bank_transfer',
          description: 'Udlæg november',
        },
      ],
    },
  },
  walletTopUp: {
    summary: 'A top-up of the card wallet',
    value: {
      items: [
        {
          platformId: 'pf-tx-2026-000127',
          kind: 'wallet_top_up',
          bookedOn: '2026-11-01',
          amount: 5000000,
          currency: 'DKK',
          description: 'Optankning af kortkonto',
        },
      ],
    },
  },
};
