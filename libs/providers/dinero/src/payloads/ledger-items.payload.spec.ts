import { money, type JournalEntry } from '@ledgerbridge/connector-sdk';
import { assertValidRequestBody } from '../test-support/dinero-contract';
import { LEDGER_ITEMS_PER_REQUEST, ledgerItemsBody } from './ledger-items.payload';

const CREATE = ['POST', '/v1.2/{organizationId}/ledgeritems'] as const;

const reimbursement: JournalEntry = {
  id: '0b8f5d0e-3c4a-4c1e-9a57-2f3d7c1b9e10',
  date: '2025-11-21',
  attachmentRef: { id: 'file-1' },
  lines: [
    {
      accountNumber: '55020',
      balancingAccountNumber: '55000',
      amount: money(-45_000n, 'DKK'),
      description: 'Refusion udlæg, Jens',
      taxCode: 'none',
    },
  ],
};
const topUp: JournalEntry = {
  id: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  date: '2025-11-22',
  lines: [
    {
      accountNumber: '55010',
      balancingAccountNumber: '55000',
      amount: money(1_000_000n, 'DKK'),
      description: 'Optankning af wallet',
    },
  ],
};

describe('ledgerItemsBody', () => {
  it('builds LedgerItemModelV2 items keeping our ids, signed kroner amounts and VAT on the account side only', () => {
    const body = ledgerItemsBody([reimbursement, topUp]);
    expect(body).toEqual([
      {
        Id: '0b8f5d0e-3c4a-4c1e-9a57-2f3d7c1b9e10',
        VoucherDate: '2025-11-21',
        FileGuid: 'file-1',
        Lines: [
          {
            Description: 'Refusion udlæg, Jens',
            Amount: -450,
            AccountNumber: 55020,
            AccountVatCode: 'none',
            BalancingAccountNumber: 55000,
            BalancingAccountVatCode: 'none',
          },
        ],
      },
      {
        Id: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
        VoucherDate: '2025-11-22',
        Lines: [
          {
            Description: 'Optankning af wallet',
            Amount: 10000,
            AccountNumber: 55010,
            AccountVatCode: null,
            BalancingAccountNumber: 55000,
            BalancingAccountVatCode: 'none',
          },
        ],
      },
    ]);
    assertValidRequestBody(...CREATE, JSON.parse(JSON.stringify(body)));
  });

  it.each([
    ['no entries', [], undefined],
    ['a non-UUID id', [{ ...topUp, id: 'export-17' }], '[0].Id'],
    ['an entry without lines', [topUp, { ...reimbursement, lines: [] }], '[1].Lines'],
    [
      'a foreign currency',
      [{ ...topUp, lines: [{ ...topUp.lines[0]!, amount: money(1n, 'SEK') }] }],
      '[0].Lines[0].Amount',
    ],
    [
      'a non-numeric balancing account',
      [{ ...topUp, lines: [{ ...topUp.lines[0]!, balancingAccountNumber: 'bank' }] }],
      '[0].Lines[0].BalancingAccountNumber',
    ],
  ])('refuses %s', (_name, entries, field) => {
    expect(() => ledgerItemsBody(entries as JournalEntry[])).toThrow(
      expect.objectContaining({ code: 'validation', field }),
    );
  });

  it('refuses more items than Dinero takes in one request', () => {
    const many = Array.from({ length: LEDGER_ITEMS_PER_REQUEST + 1 }, () => topUp);
    expect(() => ledgerItemsBody(many)).toThrow(/1 to 1000 ledger items/);
  });
});
