import fc from 'fast-check';
import { externalRef, money, type ExpenseVoucher } from '@ledgerbridge/connector-sdk';
import { assertValidRequestBody } from '../test-support/dinero-contract';
import { oreOf } from './money.payload';
import { purchaseVoucherBody } from './purchase-voucher.payload';

const CREATE = ['POST', '/v1.2/{organizationId}/vouchers/purchase'] as const;

const voucher: ExpenseVoucher = {
  date: '2025-11-20',
  paidFromAccount: '55010',
  externalRef: externalRef('lb-exp-7f3c9a'),
  attachmentRef: { id: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6' },
  lines: [
    { accountNumber: '3100', description: 'Café Norden', amount: money(50_000n, 'DKK'), taxCode: 'HREP' },
    { accountNumber: '3300', description: 'Café Norden — taxi', amount: money(12_050n, 'DKK'), taxCode: 'I25' },
  ],
};

describe('purchaseVoucherBody', () => {
  it('builds a cash purchase voucher with VAT-inclusive kroner lines', () => {
    const body = purchaseVoucherBody(voucher);
    expect(body).toEqual({
      PurchaseType: 'cash',
      VoucherDate: '2025-11-20',
      DepositAccountNumber: 55010,
      FileGuid: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6',
      ExternalReference: 'lb-exp-7f3c9a',
      Lines: [
        { Amount: 500, AccountNumber: 3100, Description: 'Café Norden', VatCode: 'HREP' },
        { Amount: 120.5, AccountNumber: 3300, Description: 'Café Norden — taxi', VatCode: 'I25' },
      ],
    });
    assertValidRequestBody(...CREATE, JSON.parse(JSON.stringify(body)));
  });

  it('leaves out FileGuid without a receipt, and never sends CurrencyKey or PaymentDate', () => {
    const { attachmentRef: _omitted, ...withoutReceipt } = voucher;
    const body = purchaseVoucherBody(withoutReceipt);
    expect(Object.keys(body).sort()).toEqual([
      'DepositAccountNumber',
      'ExternalReference',
      'Lines',
      'PurchaseType',
      'VoucherDate',
    ]);
    assertValidRequestBody(...CREATE, body);
  });

  it.each([
    ['no lines', { ...voucher, lines: [] }, 'Lines'],
    ['an empty VAT code', { ...voucher, lines: [{ ...voucher.lines[0]!, taxCode: ' ' }] }, 'Lines[0].VatCode'],
    [
      'a foreign currency',
      { ...voucher, lines: [voucher.lines[0]!, { ...voucher.lines[1]!, amount: money(100n, 'EUR') }] },
      'Lines[1].Amount',
    ],
    [
      'a non-numeric account',
      { ...voucher, lines: [{ ...voucher.lines[0]!, accountNumber: 'A-3100' }] },
      'Lines[0].AccountNumber',
    ],
    ['a non-numeric deposit account', { ...voucher, paidFromAccount: 'wallet' }, 'DepositAccountNumber'],
    ['an impossible date', { ...voucher, date: '2025-13-01' }, 'VoucherDate'],
    [
      'an over-long external reference',
      { ...voucher, externalRef: 'x'.repeat(129) as ExpenseVoucher['externalRef'] },
      'ExternalReference',
    ],
  ])('refuses %s, naming the field', (_name, input, field) => {
    expect(() => purchaseVoucherBody(input as ExpenseVoucher)).toThrow(
      expect.objectContaining({ code: 'validation', field }),
    );
  });

  it('always yields a schema-valid body whose lines add up to the øre it was given', () => {
    const line = fc.record({
      accountNumber: fc.integer({ min: 1000, max: 99_999 }).map(String),
      description: fc.string({ maxLength: 60 }),
      amount: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).map((ore) => money(ore, 'DKK')),
      taxCode: fc.constantFrom('I25', 'HREP', 'IEUY', 'none'),
    });
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 8 }),
        fc.option(fc.uuid(), { nil: undefined }),
        (lines, fileGuid) => {
          const input: ExpenseVoucher = {
            ...voucher,
            lines,
            attachmentRef: fileGuid === undefined ? undefined : { id: fileGuid },
          };
          const body = JSON.parse(JSON.stringify(purchaseVoucherBody(input))) as {
            FileGuid?: string;
            Lines: { Amount: number }[];
          };
          assertValidRequestBody(...CREATE, body);
          expect(body.FileGuid).toBe(fileGuid);
          const sent = body.Lines.reduce((sum, sentLine) => sum + oreOf(sentLine.Amount), 0n);
          expect(sent).toBe(lines.reduce((sum, given) => sum + given.amount.amountMinor, 0n));
        },
      ),
      { numRuns: 300 },
    );
  });
});
