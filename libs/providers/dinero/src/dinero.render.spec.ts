import { externalRef, money, type ExpenseVoucher, type JournalEntry } from '@ledgerbridge/connector-sdk';
import { DineroConnector } from './dinero.connector';
import { assertValidRequestBody } from './test-support/dinero-contract';
import { FakeFetch, FakeTime, testOptions } from './test-support/fake-fetch';

const EXPORT_ID = '3f2a1c4e-9b7d-5e21-8a34-6c0d2e9f1b75';

const voucher: ExpenseVoucher = {
  date: '2026-11-20',
  paidFromAccount: '55010',
  externalRef: externalRef(`lb-export-${EXPORT_ID}`),
  lines: [{ accountNumber: '3100', description: 'Café Norden: lunch', amount: money(12_550n, 'DKK'), taxCode: 'I25' }],
};

const topUp: JournalEntry = {
  id: EXPORT_ID,
  date: '2026-11-21',
  externalRef: externalRef(`lb-export-${EXPORT_ID}`),
  lines: [
    { accountNumber: '55010', amount: money(500_000n, 'DKK'), description: 'Wallet top-up', taxCode: 'none' },
    { accountNumber: '55020', amount: money(-500_000n, 'DKK'), description: 'Wallet top-up', taxCode: 'none' },
  ],
};

function setup() {
  const fake = new FakeFetch();
  return { fake, connector: new DineroConnector(testOptions(fake, new FakeTime())) };
}

describe('DineroConnector rendering (export preview)', () => {
  it('renders an expense as the cash purchase voucher it would POST, valid against the published schema', () => {
    const { fake, connector } = setup();
    const request = connector.renderExpenseVoucher(voucher);
    expect(request).toEqual({
      method: 'POST',
      path: '/v1.2/{organizationId}/vouchers/purchase',
      body: {
        PurchaseType: 'cash',
        VoucherDate: '2026-11-20',
        DepositAccountNumber: 55010,
        ExternalReference: `lb-export-${EXPORT_ID}`,
        Lines: [{ Amount: 125.5, AccountNumber: 3100, Description: 'Café Norden: lunch', VatCode: 'I25' }],
      },
    });
    assertValidRequestBody(request.method, request.path, JSON.parse(JSON.stringify(request.body)));
    expect(fake.requests).toEqual([]);
  });

  it('renders journal entries as the ledger items array it would POST, keeping our id', () => {
    const { fake, connector } = setup();
    const request = connector.renderJournalEntries([topUp]);
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1.2/{organizationId}/ledgeritems');
    expect(request.body).toEqual([
      {
        Id: EXPORT_ID,
        VoucherDate: '2026-11-21',
        Lines: [
          {
            Description: 'Wallet top-up',
            Amount: 5000,
            AccountNumber: 55010,
            AccountVatCode: 'none',
            BalancingAccountNumber: 55020,
            BalancingAccountVatCode: 'none',
          },
        ],
      },
    ]);
    assertValidRequestBody(request.method, request.path, JSON.parse(JSON.stringify(request.body)));
    expect(fake.requests).toEqual([]);
  });

  it('refuses what the write would refuse, naming the field', () => {
    const { connector } = setup();
    expect(() => connector.renderExpenseVoucher({ ...voucher, paidFromAccount: 'wallet' })).toThrow(
      expect.objectContaining({ code: 'validation', field: 'DepositAccountNumber' }),
    );
    expect(() => connector.renderJournalEntries([{ ...topUp, id: 'not-a-uuid' }])).toThrow(
      expect.objectContaining({ code: 'validation', field: '[0].Id' }),
    );
  });
});
