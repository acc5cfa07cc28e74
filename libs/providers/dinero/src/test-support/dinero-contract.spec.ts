import { assertKnownFields, assertValidRequestBody, assertValidResponse, fixture } from './dinero-contract';

// The contract helper must catch what the live server would silently ignore, or the payload specs prove nothing.
describe('Dinero contract (OpenAPI subset)', () => {
  const line = { Amount: 500, AccountNumber: 3100, Description: 'Café Norden', VatCode: 'HREP' };
  const voucher = {
    PurchaseType: 'cash',
    VoucherDate: '2025-11-20',
    DepositAccountNumber: 55010,
    ExternalReference: 'x',
    Lines: [line],
  };

  it('accepts a well-formed cash purchase voucher', () => {
    expect(() => assertValidRequestBody('POST', '/v1.2/{organizationId}/vouchers/purchase', voucher)).not.toThrow();
  });

  it.each([
    ['a misspelt top-level field', { ...voucher, DepositAccount: 55010 }],
    ['a misspelt line field resolved through a $ref', { ...voucher, Lines: [{ ...line, Ammount: 500 }] }],
    ['a read-model name instead of Amount', { ...voucher, Lines: [{ AccountNumber: 3100, BaseAmountValue: 500 }] }],
    ['an account number as text', { ...voucher, DepositAccountNumber: '55010' }],
    ['an account number beyond int32', { ...voucher, DepositAccountNumber: 2 ** 31 }],
    ['an ExternalReference over 128 characters', { ...voucher, ExternalReference: 'x'.repeat(129) }],
    ['a missing PurchaseType', { VoucherDate: '2025-11-20' }],
  ])('rejects %s', (_name, body) => {
    expect(() => assertValidRequestBody('POST', '/v1.2/{organizationId}/vouchers/purchase', body)).toThrow(
      /breaks Dinero's OpenAPI document/,
    );
  });

  it('checks ledger item ids as UUIDs', () => {
    expect(() =>
      assertValidRequestBody('POST', '/v1.2/{organizationId}/ledgeritems', [{ Id: 'export-1', Lines: [] }]),
    ).toThrow(/uuid/);
  });

  describe('recorded answers match the response schemas', () => {
    it.each([
      ['organizations.json', 'GET', '/v1/organizations', 'Name,Id,IsPro,IsPayingPro,IsVatFree'],
      [
        'accounts-entry.json',
        'GET',
        '/v1/{organizationId}/accounts/entry',
        'AccountNumber,Name,VatCode,Category,CategoryName,IsHidden',
      ],
      [
        'accounts-purchase.json',
        'GET',
        '/v1/{organizationId}/accounts/purchase',
        'AccountNumber,Name,VatCode,Category,CategoryName,IsHidden',
      ],
      [
        'accounts-deposit.json',
        'GET',
        '/v1/{organizationId}/accounts/deposit',
        'AccountNumber,Name,IsHidden,IsDefault',
      ],
      ['vat-types.json', 'GET', '/v1/{organizationId}/vatTypes', undefined],
      ['purchase-voucher-created.json', 'POST', '/v1.2/{organizationId}/vouchers/purchase', undefined],
      ['ledger-items-created.json', 'POST', '/v1.2/{organizationId}/ledgeritems', undefined],
    ])('%s', (name, method, path, fields) => {
      expect(() => assertValidResponse(method, path, fixture(name), fields)).not.toThrow();
    });

    it('knows which fields a list offers, so a fields query cannot ask for one Dinero lacks', () => {
      expect(() =>
        assertKnownFields('GET', '/v1/{organizationId}/accounts/purchase', 'AccountNumber,CategoryName'),
      ).not.toThrow();
      expect(() => assertKnownFields('GET', '/v1/{organizationId}/accounts/purchase', 'AccountNumber,Kind')).toThrow(
        /no field Kind in EntryAccountReadModel/,
      );
      expect(() => assertKnownFields('GET', '/v1/{organizationId}/vatTypes', 'VatCode')).toThrow(
        /takes no fields query/,
      );
    });

    it('notices a field the fields query did not ask for', () => {
      const rows = [{ AccountNumber: 55000, Name: 'Bank', IsHidden: false, IsDefault: true, BankIbanNumber: null }];
      expect(() =>
        assertValidResponse(
          'GET',
          '/v1/{organizationId}/accounts/deposit',
          rows,
          'AccountNumber,Name,IsHidden,IsDefault',
        ),
      ).toThrow(/not asked for: BankIbanNumber/);
    });

    it('still requires what the schema requires when no fields are picked', () => {
      expect(() =>
        assertValidResponse('GET', '/v1/{organizationId}/accounts/deposit', [{ AccountNumber: 55000 }]),
      ).toThrow(/IsDefault/);
    });
  });
});
