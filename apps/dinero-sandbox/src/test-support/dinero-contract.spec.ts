import { validateDineroAnswer } from './dinero-contract';

describe('Dinero contract helper', () => {
  it('accepts an answer that fits the document and resolves its $refs', () => {
    expect(
      validateDineroAnswer('GET', '/v1/{organizationId}/vatTypes', [
        { VatCode: 'I25', Name: 'Købsmoms', VatRate: 0.25 },
      ]),
    ).toEqual([]);
  });

  it('refuses unknown properties, missing required ones and wrong formats', () => {
    expect(
      validateDineroAnswer('GET', '/v1/{organizationId}/vatTypes', [{ VatCode: 'I25', Rate: 0.25 }]).length,
    ).toBeGreaterThan(0);
    expect(
      validateDineroAnswer('GET', '/v1/{organizationId}/vouchers/purchase/{guid}', { Guid: 'not-a-guid' }).length,
    ).toBeGreaterThan(0);
  });

  it('relaxes required properties only for the projected schema', () => {
    const answer = [{ AccountNumber: 55000, Name: 'Bank' }];
    expect(validateDineroAnswer('GET', '/v1/{organizationId}/accounts/deposit', answer).length).toBeGreaterThan(0);
    const projection = { schema: 'DepositAccountReadModel', fields: ['AccountNumber', 'Name'] };
    expect(validateDineroAnswer('GET', '/v1/{organizationId}/accounts/deposit', answer, { projection })).toEqual([]);
    expect(
      validateDineroAnswer('GET', '/v1/{organizationId}/accounts/deposit', [{ AccountNumber: 'x' }], { projection })
        .length,
    ).toBeGreaterThan(0);
  });
});
