import {
  attachmentLimitError,
  CAPABILITIES,
  CAPABILITY_METHODS,
  ConnectorError,
  connectorLimitsProblems,
  money,
  requireCapability,
  UnsupportedCapabilityError,
  type Connector,
  type JournalEntry,
  type ProviderConnection,
} from '@ledgerbridge/connector-sdk';
import { ledgerItemsBody } from './payloads/ledger-items.payload';
import {
  DineroConnector,
  DEPOSIT_ACCOUNT_FIELDS,
  ENTRY_ACCOUNT_FIELDS,
  ORGANIZATION_FIELDS,
  PURCHASE_ACCOUNT_FIELDS,
} from './dinero.connector';
import { assertKnownFields, assertValidResponse, fixture } from './test-support/dinero-contract';
import { FakeFetch, FakeTime, formOf, testOptions, tokenReply, type RecordedRequest } from './test-support/fake-fetch';

const TOKEN_PATH = '/dineroapi/oauth/token';
const connection: ProviderConnection = { companyId: 'c-1', organizationId: '100001', credentials: { apiKey: 'key-1' } };
const API_HEADERS = { authorization: 'Bearer access-1', accept: 'application/json' };

function setup() {
  const fake = new FakeFetch();
  fake.always('POST', TOKEN_PATH, tokenReply('access-1'));
  return { fake, connector: new DineroConnector(testOptions(fake, new FakeTime())) };
}

// Every recorded answer the connector is fed must be what Dinero's document allows for that query.
function recorded(name: string, method: string, path: string, fields?: string): unknown {
  const body = fixture(name);
  assertValidResponse(method, path, body, fields);
  return body;
}

const apiRequests = (fake: FakeFetch): RecordedRequest[] =>
  fake.requests.filter((request) => request.path !== TOKEN_PATH);

describe('DineroConnector — declaration', () => {
  it('declares a capability exactly when it has the method behind it', () => {
    const { connector } = setup();
    for (const capability of CAPABILITIES) {
      expect([capability, connector.capabilities[capability]]).toEqual([
        capability,
        typeof (connector as Connector)[CAPABILITY_METHODS[capability]] === 'function',
      ]);
    }
  });

  it('lets the host reach what it declares and refuses the rest before any request', async () => {
    const { fake, connector } = setup();
    for (const capability of CAPABILITIES.filter((name) => !connector.capabilities[name])) {
      expect(() => requireCapability(connector, capability)).toThrow(UnsupportedCapabilityError);
    }
    expect(fake.requests).toEqual([]);
    fake.on('GET', '/v1/100001/vatTypes', { json: recorded('vat-types.json', 'GET', '/v1/{organizationId}/vatTypes') });
    await expect(requireCapability(connector, 'taxCodes').listTaxCodes(connection)).resolves.not.toHaveLength(0);
  });

  it('declares limits its payloads keep: a full ledger batch goes, one more is refused; 6 MB receipts as PDF, JPEG, PNG', () => {
    const { connector } = setup();
    const { limits } = connector;
    expect(connectorLimitsProblems(connector)).toEqual([]);
    expect(limits.rateLimitScope).toBe('organization');
    const entry = (index: number): JournalEntry => ({
      id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      date: '2025-11-22',
      lines: [
        { accountNumber: '55010', amount: money(100n, 'DKK'), description: 'Optankning', taxCode: 'none' },
        { accountNumber: '55000', amount: money(-100n, 'DKK'), description: 'Bank', taxCode: 'none' },
      ],
    });
    const full = Array.from({ length: limits.journalEntriesPerBatch ?? 0 }, (_, index) => entry(index));
    expect(ledgerItemsBody(full)).toHaveLength(1000);
    expect(() => ledgerItemsBody([...full, entry(1000)])).toThrow(expect.objectContaining({ code: 'validation' }));
    const file = (contentType: string, size: number) => ({
      fileName: 'kvittering',
      contentType,
      bytes: new Uint8Array(size),
    });
    const attachments = limits.attachments!;
    for (const type of ['application/pdf', 'image/jpeg', 'image/png']) {
      expect(attachmentLimitError(attachments, file(type, 6_000_000))).toBeUndefined();
    }
    expect(attachmentLimitError(attachments, file('image/png', 6_000_001))).toMatchObject({ code: 'too_large' });
    expect(attachmentLimitError(attachments, file('image/heic', 10))).toMatchObject({ code: 'validation' });
  });
});

describe('DineroConnector.verify', () => {
  const organizations = () => recorded('organizations.json', 'GET', '/v1/organizations', ORGANIZATION_FIELDS);

  it('finds the Company ID among the reachable organizations and names it', async () => {
    const { fake, connector } = setup();
    fake.on('GET', '/v1/organizations', { json: organizations() });

    await expect(connector.verify(connection)).resolves.toEqual({
      organizationId: '100001',
      organizationName: 'Demo Rejser ApS',
    });

    expect(formOf(fake.requests[0]!)).toMatchObject({ grant_type: 'password', username: 'key-1' });
    expect(apiRequests(fake)).toEqual([
      {
        method: 'GET',
        origin: 'https://api.test',
        path: '/v1/organizations',
        query: { fields: 'Name,Id,IsPro,IsPayingPro,IsVatFree' },
        headers: API_HEADERS,
      },
    ]);
  });

  it('says plainly when the Company ID is not reachable with these credentials', async () => {
    const { fake, connector } = setup();
    fake.on('GET', '/v1/organizations', { json: organizations() });
    await expect(connector.verify({ ...connection, organizationId: '100009' })).rejects.toMatchObject({
      code: 'not_found',
      field: 'organizationId',
      message: expect.stringContaining('Company ID 100009 is not reachable with these credentials'),
    });
  });

  it.each(['100002', '100003'])('refuses organization %s without a paying Pro plan', async (organizationId) => {
    const { fake, connector } = setup();
    fake.on('GET', '/v1/organizations', { json: organizations() });
    await expect(connector.verify({ ...connection, organizationId })).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('needs a paid Dinero plan'),
    });
  });

  it('refuses a Company ID that is not a number without calling Dinero', async () => {
    const { fake, connector } = setup();
    await expect(connector.verify({ ...connection, organizationId: 'demo' })).rejects.toMatchObject({
      code: 'validation',
      field: 'organizationId',
    });
    expect(fake.requests).toEqual([]);
  });

  it('reports refused credentials as an authentication error', async () => {
    const fake = new FakeFetch();
    fake.on('POST', TOKEN_PATH, { status: 400, json: { error: 'invalid_grant' } });
    const connector = new DineroConnector(testOptions(fake, new FakeTime()));
    const error = await connector.verify(connection).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'authentication', retryable: false });
  });
});

describe('DineroConnector.listAccounts', () => {
  it('reads entry, purchase and deposit accounts with documented fields; the purchase list decides expense accounts', async () => {
    const { fake, connector } = setup();
    fake.on('GET', '/v1/100001/accounts/entry', {
      json: recorded('accounts-entry.json', 'GET', '/v1/{organizationId}/accounts/entry', ENTRY_ACCOUNT_FIELDS),
    });
    fake.on('GET', '/v1/100001/accounts/purchase', {
      json: recorded(
        'accounts-purchase.json',
        'GET',
        '/v1/{organizationId}/accounts/purchase',
        PURCHASE_ACCOUNT_FIELDS,
      ),
    });
    fake.on('GET', '/v1/100001/accounts/deposit', {
      json: recorded('accounts-deposit.json', 'GET', '/v1/{organizationId}/accounts/deposit', DEPOSIT_ACCOUNT_FIELDS),
    });

    const accounts = await connector.listAccounts(connection);

    const requests = apiRequests(fake);
    expect(requests).toEqual([
      {
        method: 'GET',
        origin: 'https://api.test',
        path: '/v1/100001/accounts/entry',
        query: { fields: 'AccountNumber,Name,VatCode,Category,CategoryName,IsHidden' },
        headers: API_HEADERS,
      },
      {
        method: 'GET',
        origin: 'https://api.test',
        path: '/v1/100001/accounts/purchase',
        query: { fields: 'AccountNumber,Name,VatCode,Category,CategoryName,IsHidden' },
        headers: API_HEADERS,
      },
      {
        method: 'GET',
        origin: 'https://api.test',
        path: '/v1/100001/accounts/deposit',
        query: { fields: 'AccountNumber,Name,IsHidden,IsDefault' },
        headers: API_HEADERS,
      },
    ]);
    for (const request of requests) {
      assertKnownFields('GET', request.path.replace('/100001/', '/{organizationId}/'), String(request.query['fields']));
    }
    expect(
      accounts.filter((account) => account.kind === 'deposit').map((account) => [account.number, account.active]),
    ).toEqual([
      ['55000', true],
      ['55010', true],
      ['55020', true],
      ['55040', false],
    ]);
    expect(accounts.filter((account) => account.expenseAllowed).map((account) => account.number)).toEqual([
      '2000',
      '2900',
      '3100',
      '3300',
      '3500',
      '4000',
      '6400',
    ]);
    expect(accounts.find((account) => account.number === '2900')).toMatchObject({ kind: 'expense', active: false });
  });

  it('finds no expense account in a chart whose purchase list Dinero answers empty', async () => {
    const { fake, connector } = setup();
    fake.on('GET', '/v1/100001/accounts/entry', {
      json: recorded('accounts-entry.json', 'GET', '/v1/{organizationId}/accounts/entry', ENTRY_ACCOUNT_FIELDS),
    });
    fake.on('GET', '/v1/100001/accounts/purchase', { json: [] });
    fake.on('GET', '/v1/100001/accounts/deposit', {
      json: recorded('accounts-deposit.json', 'GET', '/v1/{organizationId}/accounts/deposit', DEPOSIT_ACCOUNT_FIELDS),
    });
    const accounts = await connector.listAccounts(connection);
    expect(accounts.some((account) => account.expenseAllowed)).toBe(false);
    expect(accounts.filter((account) => account.kind === 'deposit')).toHaveLength(4);
  });

  it('explains a 403 for an organization without a paid plan', async () => {
    const { fake, connector } = setup();
    fake.on('GET', '/v1/100001/accounts/entry', { status: 403, json: fixture('error-no-subscription.json') });
    await expect(connector.listAccounts(connection)).rejects.toMatchObject({
      code: 'forbidden',
      providerCode: '90',
      message: expect.stringContaining('paid Dinero plan'),
    });
    expect(apiRequests(fake)).toHaveLength(1);
  });
});

describe('DineroConnector.listTaxCodes', () => {
  it('reads the VAT types and gives rates in exact basis points', async () => {
    const { fake, connector } = setup();
    fake.on('GET', '/v1/100001/vatTypes', { json: recorded('vat-types.json', 'GET', '/v1/{organizationId}/vatTypes') });

    const taxCodes = await connector.listTaxCodes(connection);

    expect(apiRequests(fake)).toEqual([
      { method: 'GET', origin: 'https://api.test', path: '/v1/100001/vatTypes', query: {}, headers: API_HEADERS },
    ]);
    expect(taxCodes.map((taxCode) => [taxCode.code, taxCode.rateBasisPoints, taxCode.direction])).toEqual([
      ['I25', 2500, 'purchase'],
      ['HREP', 2500, 'purchase'],
      ['IEUY', 2500, 'purchase'],
      ['U25', 2500, 'sale'],
      ['UEUV', 0, 'sale'],
      ['none', 0, 'none'],
      ['K255', 2550, 'purchase'],
    ]);
  });
});

describe('DineroConnector — Visma Connect login', () => {
  it('offers the authorize URL and turns the code into credentials to store', async () => {
    const { fake, connector } = setup();
    fake.on('POST', '/connect/token', { json: fixture('token-visma-connect.json') });
    expect(connector.authorizationUrl({ redirectUri: 'https://app.test/cb', state: 's' })).toMatch(
      /^https:\/\/connect\.test\/connect\/authorize\?response_type=code&client_id=partner-id&/,
    );
    await expect(
      connector.exchangeAuthorizationCode({ code: 'c', redirectUri: 'https://app.test/cb' }),
    ).resolves.toEqual({
      credentials: { connectionKind: 'oauth', refreshToken: 'refresh-2' },
    });
  });
});
