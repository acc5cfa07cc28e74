/** An OpenAPI example object. */
interface ExampleObject {
  summary: string;
  value: unknown;
}

/** The request examples Swagger offers: one per kind of transaction the platform sends. */
export const BATCH_EXAMPLES: Record<string, ExampleObject> = {
  danishCardExpense: {
    summary: 'A Danish card expense (its receipt follows with PUT …/transactions/{transactionId}/receipt)',
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

const TX_ID = '0b9c7c1e-3c1f-4a3e-9a51-2f1a6c3d9e10';

/** The answers Swagger shows for a batch: every status an item can answer. */
export const BATCH_RESULT_EXAMPLES: Record<string, ExampleObject> = {
  mixed: {
    summary: 'One item created, one unchanged, one conflict, one invalid',
    value: {
      created: 1,
      unchanged: 1,
      conflict: 1,
      invalid: 1,
      results: [
        { index: 0, platformId: 'pf-tx-2026-000123', status: 'created', transaction: { id: TX_ID, version: 1 } },
        { index: 1, platformId: 'pf-tx-2026-000122', status: 'unchanged', transaction: { version: 1 } },
        {
          index: 2,
          platformId: 'pf-tx-2026-000121',
          status: 'conflict',
          fields: [{ field: 'items[2].amount', message: 'differs from the stored transaction (12500)' }],
        },
        {
          index: 3,
          platformId: 'pf-tx-2026-000120',
          status: 'invalid',
          fields: [
            { field: 'items[3].lines', message: 'the lines add up to 9999, not to the amount 10000 (minor units)' },
          ],
        },
      ],
    },
  },
};

/** The previews Swagger shows: a voucher, a journal entry and one that needs attention. */
export const PREVIEW_EXAMPLES: Record<string, ExampleObject> = {
  cardExpense: {
    summary: 'A card expense: the purchase voucher Dinero would get',
    value: {
      transactionId: '0b9c7c1e-3c1f-4a3e-9a51-2f1a6c3d9e10',
      version: 1,
      exportId: '3f2a1c4e-9b7d-5e21-8a34-6c0d2e9f1b75',
      provider: 'dinero',
      outcome: 'expense_voucher',
      postings: [
        {
          accountNumber: '2250',
          accountName: 'Rejseudgifter',
          taxCode: 'I25',
          currency: 'DKK',
          gross: '12550',
          net: '10040',
          vat: '2510',
          description: 'Café Norden: lunch',
        },
        {
          accountNumber: '55010',
          accountName: 'Kortkonto',
          taxCode: null,
          currency: 'DKK',
          gross: '-12550',
          net: null,
          vat: null,
          description: 'paid from',
        },
      ],
      reasons: [],
      providerRequest: {
        method: 'POST',
        body: {
          PurchaseType: 'cash',
          VoucherDate: '2026-11-20',
          DepositAccountNumber: 55010,
          ExternalReference: 'lb-export-3f2a1c4e-9b7d-5e21-8a34-6c0d2e9f1b75',
          Lines: [{ Amount: 125.5, AccountNumber: 2250, Description: 'Café Norden: lunch', VatCode: 'I25' }],
        },
      },
    },
  },
  walletTopUp: {
    summary: 'A wallet top-up: a booked ledger item, from the funding account',
    value: {
      transactionId: TX_ID,
      version: 1,
      exportId: '7d41e2b0-5c3a-5f19-9e62-1a8b3c4d5e6f',
      provider: 'dinero',
      outcome: 'journal_entry',
      postings: [
        {
          accountNumber: '55010',
          accountName: 'Pleo wallet',
          taxCode: 'none',
          currency: 'DKK',
          gross: '5000000',
          net: null,
          vat: null,
          description: 'Optankning af kortkonto',
        },
        {
          accountNumber: '55000',
          accountName: 'Bank',
          taxCode: 'none',
          currency: 'DKK',
          gross: '-5000000',
          net: null,
          vat: null,
          description: 'Optankning af kortkonto',
        },
      ],
      reasons: [],
      providerRequest: {
        method: 'POST',
        body: [
          {
            Id: '7d41e2b0-5c3a-5f19-9e62-1a8b3c4d5e6f',
            VoucherDate: '2026-11-01',
            Lines: [
              {
                Description: 'Optankning af kortkonto',
                Amount: 50000,
                AccountNumber: 55010,
                AccountVatCode: 'none',
                BalancingAccountNumber: 55000,
                BalancingAccountVatCode: 'none',
              },
            ],
          },
        ],
      },
    },
  },
  needsAttention: {
    summary: 'Needs attention: what to fix before it can be exported',
    value: {
      transactionId: TX_ID,
      version: 1,
      exportId: '3f2a1c4e-9b7d-5e21-8a34-6c0d2e9f1b75',
      provider: 'dinero',
      outcome: 'needs_attention',
      postings: [],
      reasons: [
        {
          code: 'account_inactive',
          message: 'Account 3310 "Hotelophold" of category hotel is hidden or closed at the provider.',
          field: 'categories.hotel.accountNumber',
        },
        {
          code: 'foreign_currency_unsettled',
          message: 'EUR amount without the amount settled in DKK.',
          field: 'settlement',
        },
      ],
      providerRequest: null,
    },
  },
};
