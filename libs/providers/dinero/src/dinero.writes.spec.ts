import {
  externalRef,
  money,
  type Attachment,
  type ExpenseVoucher,
  type ProviderConnection,
} from '@ledgerbridge/connector-sdk';
import { DineroConnector } from './dinero.connector';
import { assertValidRequestBody, assertValidResponse, fixture } from './test-support/dinero-contract';
import { FakeFetch, FakeTime, jsonOf, testOptions, tokenReply } from './test-support/fake-fetch';

const TOKEN_PATH = '/dineroapi/oauth/token';
const connection: ProviderConnection = { companyId: 'c-1', organizationId: '100001', credentials: { apiKey: 'key-1' } };
const FILES = '/v1/100001/files';
const CREATE = '/v1.2/100001/vouchers/purchase';
const FILE_GUID = 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6';

const receipt: Attachment = {
  fileName: 'kvittering.pdf',
  contentType: 'application/pdf',
  bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'),
};

const voucher: ExpenseVoucher = {
  date: '2025-11-20',
  paidFromAccount: '55010',
  externalRef: externalRef('lb-exp-7f3c9a'),
  attachmentRef: { id: FILE_GUID },
  lines: [
    { accountNumber: '3100', description: 'Café Norden', amount: money(50_000n, 'DKK'), taxCode: 'HREP' },
    { accountNumber: '2750', description: 'Café Norden: tips', amount: money(2_550n, 'DKK'), taxCode: 'none' },
  ],
};

function setup() {
  const fake = new FakeFetch();
  fake.always('POST', TOKEN_PATH, tokenReply('access-1'));
  return { fake, connector: new DineroConnector(testOptions(fake, new FakeTime())) };
}

function recorded(name: string, method: string, path: string): unknown {
  const body = fixture(name);
  assertValidResponse(method, path, body);
  return body;
}

describe('DineroConnector.uploadAttachment', () => {
  it('sends the receipt as the multipart part "file" with its name and type, and returns the FileGuid', async () => {
    const { fake, connector } = setup();
    fake.on('POST', FILES, { json: recorded('file-saved.json', 'POST', '/v1/{organizationId}/files') });
    await expect(connector.uploadAttachment(connection, receipt)).resolves.toEqual({ id: FILE_GUID });
    const [request] = fake.to(FILES);
    expect(request).toMatchObject({ method: 'POST', headers: { authorization: 'Bearer access-1' } });
    // fetch sets the multipart boundary itself; a hand-made content type would lack it.
    expect(request?.headers['content-type']).toBeUndefined();
    const part = request?.form?.get('file') as File;
    expect([...(request?.form?.keys() ?? [])]).toEqual(['file']);
    expect(part.name).toBe('kvittering.pdf');
    expect(part.type).toBe('application/pdf');
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(receipt.bytes);
  });

  it.each([
    ['over 6,000,000 bytes', { ...receipt, bytes: new Uint8Array(6_000_001) }, 'too_large'],
    ['of a type Dinero does not take', { ...receipt, contentType: 'image/heic' }, 'validation'],
  ])('refuses a file %s before sending anything', async (_what, file, code) => {
    const { fake, connector } = setup();
    await expect(connector.uploadAttachment(connection, file)).rejects.toMatchObject({ code, outcomeUnknown: false });
    expect(fake.requests).toEqual([]);
  });

  it.each([
    ['400 with a bare JSON string (the document)', { status: 400, json: fixture('error-large-file.json') }],
    ['413 (the developer pages)', { status: 413, text: '' }],
  ])('reads Dinero refusing a large file as %s as too_large', async (_what, reply) => {
    const { fake, connector } = setup();
    fake.on('POST', FILES, reply);
    await expect(connector.uploadAttachment(connection, receipt)).rejects.toMatchObject({ code: 'too_large' });
  });

  it('reads a FileGuid answered as a bare string too', async () => {
    const { fake, connector } = setup();
    fake.on('POST', FILES, { json: 'c0ffee-not-a-guid-42' });
    await expect(connector.uploadAttachment(connection, receipt)).resolves.toEqual({ id: 'c0ffee-not-a-guid-42' });
  });

  it('treats a 200 without a FileGuid as an unknown outcome, not as a receipt', async () => {
    const { fake, connector } = setup();
    fake.on('POST', FILES, { json: { FileGuid: null } });
    await expect(connector.uploadAttachment(connection, receipt)).rejects.toMatchObject({
      code: 'unknown',
      outcomeUnknown: true,
    });
  });
});

describe('DineroConnector.createExpenseVoucher', () => {
  it('POSTs exactly the rendered cash voucher with FileGuid and ExternalReference, valid against the schema', async () => {
    const { fake, connector } = setup();
    fake.on('POST', CREATE, {
      json: recorded('purchase-voucher-created.json', 'POST', '/v1.2/{organizationId}/vouchers/purchase'),
    });
    const result = await connector.createExpenseVoucher(connection, voucher);
    expect(result).toEqual({
      providerId: '5a8c2f1e-7b3d-4e6a-9c0f-1d2e3f4a5b6c',
      providerStatus: 'draft',
      providerVersion: '00000000000A1B2C',
    });
    const [request] = fake.to(CREATE);
    expect(request?.headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer access-1' });
    const body = jsonOf(request!);
    expect(body).toEqual(connector.renderExpenseVoucher(voucher).body);
    expect(body).toEqual({
      PurchaseType: 'cash',
      VoucherDate: '2025-11-20',
      DepositAccountNumber: 55010,
      FileGuid: FILE_GUID,
      ExternalReference: 'lb-exp-7f3c9a',
      Lines: [
        { Amount: 500, AccountNumber: 3100, Description: 'Café Norden', VatCode: 'HREP' },
        { Amount: 25.5, AccountNumber: 2750, Description: 'Café Norden: tips', VatCode: 'none' },
      ],
    });
    assertValidRequestBody('POST', '/v1.2/{organizationId}/vouchers/purchase', body);
  });

  it.each([
    ['only { Guid, Timestamp }', fixture('purchase-voucher-created-minimal.json'), '00000000000A1B2C'],
    ['a bare Guid string', '5a8c2f1e-7b3d-4e6a-9c0f-1d2e3f4a5b6c', undefined],
    ['a one-item array', [fixture('purchase-voucher-created-minimal.json')], '00000000000A1B2C'],
  ])('reads a create answer of %s as the draft', async (_shape, json, version) => {
    const { fake, connector } = setup();
    fake.on('POST', CREATE, { json });
    await expect(connector.createExpenseVoucher(connection, voucher)).resolves.toEqual({
      providerId: '5a8c2f1e-7b3d-4e6a-9c0f-1d2e3f4a5b6c',
      providerStatus: 'draft',
      ...(version !== undefined && { providerVersion: version }),
    });
  });

  it.each([
    ['an empty 200', { status: 200, text: '' }],
    ['a 200 without a Guid', { json: { Timestamp: 'x' } }],
  ])('treats %s as an unknown outcome to look up', async (_what, reply) => {
    const { fake, connector } = setup();
    fake.on('POST', CREATE, reply);
    await expect(connector.createExpenseVoucher(connection, voucher)).rejects.toMatchObject({
      code: 'unknown',
      outcomeUnknown: true,
    });
  });

  it('sends a lost answer once and reports its outcome unknown, for the host to look up', async () => {
    const { fake, connector } = setup();
    fake.on('POST', CREATE, { networkError: true, code: 'ECONNRESET' });
    await expect(connector.createExpenseVoucher(connection, voucher)).rejects.toMatchObject({
      code: 'unavailable',
      outcomeUnknown: true,
    });
    fake.on('POST', CREATE, { status: 500, json: { code: 0, message: 'An unexpected error occurred.' } });
    await expect(connector.createExpenseVoucher(connection, voucher)).rejects.toMatchObject({
      code: 'unavailable',
      outcomeUnknown: true,
    });
    expect(fake.to(CREATE)).toHaveLength(2);
  });

  it('refreshes the token once on a 401, which Dinero answers before acting, and sends again', async () => {
    const fake = new FakeFetch();
    fake.on('POST', TOKEN_PATH, tokenReply('stale'), tokenReply('fresh'));
    const connector = new DineroConnector(testOptions(fake, new FakeTime()));
    fake.on(
      'POST',
      CREATE,
      { status: 401, json: fixture('error-unauthorized.json') },
      { json: fixture('purchase-voucher-created-minimal.json') },
    );
    await expect(connector.createExpenseVoucher(connection, voucher)).resolves.toMatchObject({
      providerStatus: 'draft',
    });
    expect(fake.to(CREATE).map((request) => request.headers['authorization'])).toEqual([
      'Bearer stale',
      'Bearer fresh',
    ]);
  });

  it("reports Dinero's 400 field messages as validation, naming the field", async () => {
    const { fake, connector } = setup();
    fake.on('POST', CREATE, { status: 400, json: fixture('error-validation.json') });
    await expect(connector.createExpenseVoucher(connection, voucher)).rejects.toMatchObject({
      code: 'validation',
      field: 'Lines[0].AccountNumber',
      outcomeUnknown: false,
      message: expect.stringContaining('Account 1000 cannot be used on a purchase voucher'),
    });
  });
});
