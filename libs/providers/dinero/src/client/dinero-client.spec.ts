import { ConnectorError, money, type ProviderConnection } from '@ledgerbridge/connector-sdk';
import { DINERO_DEFAULTS, resolveDineroOptions } from '../dinero.options';
import { ledgerItemsBody } from '../payloads/ledger-items.payload';
import { assertValidRequestBody, fixture } from '../test-support/dinero-contract';
import { FakeFetch, FakeTime, jsonOf, testOptions, tokenReply, type FakeReply } from '../test-support/fake-fetch';
import { DineroClient } from './dinero-client';

const TOKEN_PATH = '/dineroapi/oauth/token';
const VAT_PATH = '/v1/100001/vatTypes';
const connection: ProviderConnection = { companyId: 'c-1', organizationId: '100001', credentials: { apiKey: 'key-1' } };

function setup(extra: Parameters<typeof testOptions>[2] = {}) {
  const fake = new FakeFetch();
  const time = new FakeTime();
  fake.always('POST', TOKEN_PATH, tokenReply('access-1'));
  return { fake, time, client: new DineroClient(testOptions(fake, time, extra)) };
}

const readVatTypes = (client: DineroClient) => client.get(connection, { path: VAT_PATH, action: 'reading VAT types' });
const apiRequests = (fake: FakeFetch) => fake.requests.filter((request) => request.path !== TOKEN_PATH);

describe('DineroClient — requests', () => {
  it('sends a GET with its version, query and bearer token, and parses the JSON answer', async () => {
    const { fake, client } = setup();
    fake.on('GET', '/v1/100001/accounts/deposit', { json: fixture('accounts-deposit.json') });

    const answer = await client.get(connection, {
      path: '/v1/100001/accounts/deposit',
      query: { fields: 'AccountNumber,Name' },
      action: 'reading deposit accounts',
    });

    expect(answer).toEqual(fixture('accounts-deposit.json'));
    expect(apiRequests(fake)).toEqual([
      {
        method: 'GET',
        origin: 'https://api.test',
        path: '/v1/100001/accounts/deposit',
        query: { fields: 'AccountNumber,Name' },
        headers: { authorization: 'Bearer access-1', accept: 'application/json' },
      },
    ]);
  });

  it('sends a write as PascalCase JSON that Dinero’s schema accepts, and does not repeat it on a 5xx', async () => {
    const { fake, client } = setup();
    fake.on('POST', '/v1.2/100001/ledgeritems', { status: 503, text: 'busy' });
    const body = ledgerItemsBody([
      {
        id: '0b8f5d0e-3c4a-4c1e-9a57-2f3d7c1b9e10',
        date: '2025-11-20',
        lines: [
          { accountNumber: '55020', amount: money(12_345n, 'DKK'), description: 'Udlæg', taxCode: 'none' },
          { accountNumber: '55010', amount: money(-12_345n, 'DKK'), description: 'Udlæg', taxCode: 'none' },
        ],
      },
    ]);

    const error = await client
      .write(connection, 'POST', { path: '/v1.2/100001/ledgeritems', body, action: 'creating ledger items' })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'unavailable', outcomeUnknown: true, httpStatus: 503 });
    const requests = apiRequests(fake);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers).toEqual({
      authorization: 'Bearer access-1',
      accept: 'application/json',
      'content-type': 'application/json',
    });
    expect(jsonOf(requests[0]!)).toEqual([
      {
        Id: '0b8f5d0e-3c4a-4c1e-9a57-2f3d7c1b9e10',
        VoucherDate: '2025-11-20',
        Lines: [
          {
            Description: 'Udlæg',
            Amount: 123.45,
            AccountNumber: 55020,
            AccountVatCode: 'none',
            BalancingAccountNumber: 55010,
            BalancingAccountVatCode: 'none',
          },
        ],
      },
    ]);
    assertValidRequestBody('POST', '/v1.2/{organizationId}/ledgeritems', jsonOf(requests[0]!));
  });

  it('sends a read-only POST once, and its 5xx is retryable with nothing applied', async () => {
    const { fake, client } = setup();
    fake.on('POST', '/v1/100001/ledgeritems/status', { status: 502 }, { json: [] });
    const body = [{ Id: '0b8f5d0e-3c4a-4c1e-9a57-2f3d7c1b9e10' }];
    await expect(
      client.readPost(connection, {
        path: '/v1/100001/ledgeritems/status',
        body,
        action: 'reading ledger item states',
      }),
    ).rejects.toMatchObject({ code: 'unavailable', retryable: true, outcomeUnknown: false, httpStatus: 502 });
    expect(apiRequests(fake).map((request) => jsonOf(request))).toEqual([body]);
    assertValidRequestBody('POST', '/v1/{organizationId}/ledgeritems/status', body);
  });

  it('answers undefined for an empty 200 and refuses an unreadable one', async () => {
    const { fake, client } = setup();
    fake.on('POST', '/v1/100001/ledgeritems/book', { status: 200, text: '' }, { status: 200, text: '<html>' });
    const call = { path: '/v1/100001/ledgeritems/book', body: [], action: 'booking ledger items' };
    await expect(client.write(connection, 'POST', call)).resolves.toBeUndefined();
    await expect(client.write(connection, 'POST', call)).rejects.toMatchObject({
      code: 'unknown',
      outcomeUnknown: true,
    });
  });

  it('refuses a Company ID that is not a number before spending a token', () => {
    expect(() => DineroClient.organizationPath('v1', { ...connection, organizationId: '10/../1' }, 'vatTypes')).toThrow(
      ConnectorError,
    );
    expect(DineroClient.organizationPath('v1.2', connection, 'vouchers/purchase')).toBe(
      '/v1.2/100001/vouchers/purchase',
    );
  });

  it('defaults to Dinero’s real hosts', () => {
    const options = resolveDineroOptions({ clientId: 'id', clientSecret: 'secret' });
    expect([options.apiUrl, options.tokenUrl, options.vismaConnectUrl]).toEqual([
      'https://api.dinero.dk',
      'https://authz.dinero.dk/dineroapi/oauth/token',
      'https://connect.visma.com',
    ]);
    expect(options.timeoutMs).toBe(DINERO_DEFAULTS.timeoutMs);
    expect(() => resolveDineroOptions({ clientId: '', clientSecret: 'x' })).toThrow(/clientId/);
  });
});

describe('DineroClient — fails fast, never repeats or waits', () => {
  it.each<[string, FakeReply, number | undefined]>([
    ['a 500', { status: 500, json: { code: 0, message: 'oops' } }, 500],
    ['a 503', { status: 503, text: 'busy' }, 503],
    ['a 480 brownout', { status: 480 }, 480],
    ['a network fault', { networkError: true }, undefined],
  ])('sends a read once on %s and gives up at once as retryable, nothing applied', async (_name, reply, status) => {
    const { fake, client } = setup();
    fake.always('GET', VAT_PATH, reply);
    const error = (await readVatTypes(client).catch((e: unknown) => e)) as ConnectorError;
    expect(error).toMatchObject({ code: 'unavailable', retryable: true, outcomeUnknown: false });
    expect(error.httpStatus).toBe(status);
    expect(apiRequests(fake)).toHaveLength(1);
  });

  it.each<[string, FakeReply, boolean]>([
    ['a 503 after sending', { status: 503, text: 'busy' }, true],
    ['a dropped connection after sending', { networkError: true }, true],
    ['a refused connection (nothing sent)', { networkError: true, code: 'ECONNREFUSED' }, false],
    ['a 480 brownout (refused before acting)', { status: 480 }, false],
  ])('reports whether a write may have been applied on %s', async (_name, reply, outcomeUnknown) => {
    const { fake, client } = setup();
    fake.on('POST', '/v1.2/100001/vouchers/purchase', reply);
    const call = { path: '/v1.2/100001/vouchers/purchase', body: {}, action: 'creating a purchase voucher' };
    await expect(client.write(connection, 'POST', call)).rejects.toMatchObject({ code: 'unavailable', outcomeUnknown });
    expect(apiRequests(fake)).toHaveLength(1);
  });

  it('fails a 429 at once with Dinero’s Retry-After, and tells the call budget', async () => {
    const { fake, client } = setup();
    fake.on(
      'GET',
      VAT_PATH,
      { status: 429, json: fixture('error-rate-limited.json'), headers: { 'Retry-After': '7' } },
      { json: [] },
    );
    const refusals: (number | undefined)[] = [];
    const budgeted = {
      ...connection,
      callBudget: { take: async () => undefined, providerRefused: async (ms?: number) => void refusals.push(ms) },
    };
    await expect(client.get(budgeted, { path: VAT_PATH, action: 'reading VAT types' })).rejects.toMatchObject({
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: 7000,
      httpStatus: 429,
    });
    expect(apiRequests(fake)).toHaveLength(1);
    expect(refusals).toEqual([7000]);
  });

  it('invents no wait when a 429 has no Retry-After: the budget decides', async () => {
    const { fake, client } = setup();
    fake.on('GET', VAT_PATH, { status: 429, json: fixture('error-rate-limited.json') });
    const refusals: (number | undefined)[] = [];
    const budgeted = {
      ...connection,
      callBudget: { take: async () => undefined, providerRefused: async (ms?: number) => void refusals.push(ms) },
    };
    const error = (await client
      .get(budgeted, { path: VAT_PATH, action: 'reading VAT types' })
      .catch((e: unknown) => e)) as ConnectorError;
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true });
    expect(error.retryAfterMs).toBeUndefined();
    expect(refusals).toEqual([undefined]);
    expect(apiRequests(fake)).toHaveLength(1);
  });

  it('never repeats a write on a 429, passing the wait on instead', async () => {
    const { fake, client } = setup();
    fake.on('POST', '/v1.2/100001/vouchers/purchase', {
      status: 429,
      headers: { 'Retry-After': '3' },
      json: fixture('error-rate-limited.json'),
    });
    const call = {
      path: '/v1.2/100001/vouchers/purchase',
      body: { PurchaseType: 'cash' },
      action: 'creating a purchase voucher',
    };
    await expect(client.write(connection, 'POST', call)).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 3000,
      outcomeUnknown: false,
    });
    expect(apiRequests(fake)).toHaveLength(1);
  });

  it('spends one call of the budget before every API request, the 401 repeat included, and none on tokens', async () => {
    const fake = new FakeFetch();
    fake.on('POST', TOKEN_PATH, tokenReply('stale'), tokenReply('fresh'));
    fake.on('GET', VAT_PATH, { status: 401, json: fixture('error-unauthorized.json') }, { json: [] });
    const client = new DineroClient(testOptions(fake, new FakeTime()));
    const seen: string[] = [];
    const budgeted: ProviderConnection = {
      ...connection,
      callBudget: {
        take: async () => void seen.push(`take before request ${fake.requests.length + 1}`),
        providerRefused: async () => undefined,
      },
    };
    await expect(client.get(budgeted, { path: VAT_PATH, action: 'reading VAT types' })).resolves.toEqual([]);
    expect(fake.requests.map((r) => r.path)).toEqual([TOKEN_PATH, VAT_PATH, TOKEN_PATH, VAT_PATH]);
    expect(seen).toEqual(['take before request 2', 'take before request 4']);
  });

  it('sends nothing when the budget is spent, passing its refusal on', async () => {
    const { fake, client } = setup();
    const spent = new ConnectorError('rate_limited', 'budget spent', { retryAfterMs: 4000 });
    const budgeted = {
      ...connection,
      callBudget: { take: async () => Promise.reject(spent), providerRefused: async () => undefined },
    };
    await expect(client.get(budgeted, { path: VAT_PATH, action: 'reading VAT types' })).rejects.toBe(spent);
    expect(apiRequests(fake)).toHaveLength(0);
  });

  it('times out a request that never answers, as unavailable with an unknown outcome for a write', async () => {
    const { fake, client } = setup({ timeoutMs: 20 });
    fake.on('POST', '/v1.2/100001/vouchers/purchase', { hang: true });
    const call = { path: '/v1.2/100001/vouchers/purchase', body: {}, action: 'creating a purchase voucher' };
    await expect(client.write(connection, 'POST', call)).rejects.toMatchObject({
      code: 'unavailable',
      outcomeUnknown: true,
      message: 'Dinero did not answer within 20 ms when creating a purchase voucher.',
    });
  });
});

describe('DineroClient — 401', () => {
  it('refreshes the token once and repeats the request, also for a write', async () => {
    const fake = new FakeFetch();
    const time = new FakeTime();
    fake.on('POST', TOKEN_PATH, tokenReply('stale'), tokenReply('fresh'));
    fake.on(
      'POST',
      '/v1.2/100001/ledgeritems',
      { status: 401, json: fixture('error-unauthorized.json') },
      { json: fixture('ledger-items-created.json') },
    );
    const client = new DineroClient(testOptions(fake, time));

    await expect(
      client.write(connection, 'POST', { path: '/v1.2/100001/ledgeritems', body: [], action: 'creating ledger items' }),
    ).resolves.toEqual(fixture('ledger-items-created.json'));
    expect(
      fake.requests.map((request) => `${request.method} ${request.path} ${request.headers['authorization'] ?? ''}`),
    ).toEqual([
      `POST ${TOKEN_PATH} ${fake.requests[0]!.headers['authorization']}`,
      'POST /v1.2/100001/ledgeritems Bearer stale',
      `POST ${TOKEN_PATH} ${fake.requests[0]!.headers['authorization']}`,
      'POST /v1.2/100001/ledgeritems Bearer fresh',
    ]);
  });

  it('renews after a 401 only the token of the company that got it, not another company’s on the same organization', async () => {
    const fake = new FakeFetch();
    fake.on('POST', TOKEN_PATH, tokenReply('other-1'), tokenReply('own-1'), tokenReply('own-2'));
    fake.on(
      'GET',
      VAT_PATH,
      { json: [] },
      { status: 401, json: fixture('error-unauthorized.json') },
      { json: [] },
      { json: [] },
    );
    const client = new DineroClient(testOptions(fake, new FakeTime()));
    const other: ProviderConnection = { ...connection, companyId: 'c-2', credentials: { apiKey: 'key-2' } };

    await client.get(other, { path: VAT_PATH, action: 'reading VAT types' });
    await readVatTypes(client);
    await client.get(other, { path: VAT_PATH, action: 'reading VAT types' });

    expect(apiRequests(fake).map((request) => request.headers['authorization'])).toEqual([
      'Bearer other-1',
      'Bearer own-1',
      'Bearer own-2',
      'Bearer other-1',
    ]);
    expect(fake.to(TOKEN_PATH)).toHaveLength(3);
  });

  it('reports a second 401 as an authentication error carrying no token or header', async () => {
    const fake = new FakeFetch();
    fake.on('POST', TOKEN_PATH, tokenReply('token-a'), tokenReply('token-b'));
    fake.always('GET', VAT_PATH, {
      status: 401,
      json: fixture('error-unauthorized.json'),
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    });
    const client = new DineroClient(testOptions(fake, new FakeTime()));

    const error = (await readVatTypes(client).catch((e: unknown) => e)) as ConnectorError;
    expect(error).toMatchObject({ code: 'authentication', httpStatus: 401, providerCode: '41' });
    expect(apiRequests(fake)).toHaveLength(2);
    const everything = JSON.stringify({ ...error.toJSON(), stack: error.stack, own: Object.entries(error) });
    expect(everything).not.toMatch(/token-a|token-b|key-1|partner-secret|Bearer|Basic|WWW-Authenticate/);
  });
});
