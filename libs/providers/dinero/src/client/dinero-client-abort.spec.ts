import { type ProviderConnection } from '@ledgerbridge/connector-sdk';
import { DineroConnector } from '../dinero.connector';
import { FakeFetch, FakeTime, testOptions, tokenReply } from '../test-support/fake-fetch';
import { DineroClient } from './dinero-client';

const TOKEN_PATH = '/dineroapi/oauth/token';
const VAT_PATH = '/v1/100001/vatTypes';
const LEDGER_PATH = '/v1.2/100001/ledgeritems';
const connection: ProviderConnection = { companyId: 'c-1', organizationId: '100001', credentials: { apiKey: 'key-1' } };

function setup(extra: Parameters<typeof testOptions>[2] = {}) {
  const fake = new FakeFetch();
  const time = new FakeTime();
  fake.always('POST', TOKEN_PATH, tokenReply('access-1'));
  return {
    fake,
    time,
    client: new DineroClient(testOptions(fake, time, extra)),
    options: testOptions(fake, time, extra),
  };
}

const apiRequests = (fake: FakeFetch) => fake.requests.filter((request) => request.path !== TOKEN_PATH);

describe('DineroClient — the caller’s signal and deadline', () => {
  it('sends nothing, not even a token request, for a call already aborted, and says its outcome is known', async () => {
    const { fake, client } = setup();
    const signal = AbortSignal.abort();
    const write = client.write(connection, 'POST', {
      path: LEDGER_PATH,
      body: [],
      action: 'creating ledger items',
      options: { signal },
    });
    await expect(write).rejects.toMatchObject({
      name: 'ConnectorError',
      code: 'aborted',
      retryable: true,
      outcomeUnknown: false,
      message: 'The call was cancelled by the caller before anything was sent (creating ledger items).',
    });
    expect(fake.requests).toEqual([]);
  });

  it('stops waiting for a write the moment the signal aborts, leaving its outcome unknown', async () => {
    const { fake, client } = setup({ timeoutMs: 10_000 });
    fake.on('POST', LEDGER_PATH, { hang: true });
    const controller = new AbortController();
    const write = client.write(connection, 'POST', {
      path: LEDGER_PATH,
      body: [],
      action: 'creating ledger items',
      options: { signal: controller.signal },
    });
    for (let turn = 0; turn < 1_000 && apiRequests(fake).length === 0; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(apiRequests(fake)).toHaveLength(1);
    controller.abort();
    await expect(write).rejects.toMatchObject({ code: 'aborted', outcomeUnknown: true });
  });

  it('ends a read at its deadline, sooner than the client’s own timeout, and never repeats it', async () => {
    const { fake, time, client } = setup({ timeoutMs: 10_000 });
    fake.on('GET', VAT_PATH, { hang: true }, { json: [] });
    const started = Date.now();
    const read = client.get(connection, {
      path: VAT_PATH,
      action: 'reading VAT types',
      options: { deadline: time.nowMs + 30 },
    });
    await expect(read).rejects.toMatchObject({
      code: 'aborted',
      outcomeUnknown: false,
      message: 'The call passed its deadline after the request was sent (reading VAT types).',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(apiRequests(fake)).toHaveLength(1);
  });

  it('lets a call with time left and an unaborted signal through unchanged', async () => {
    const { fake, time, client } = setup();
    fake.on('GET', VAT_PATH, { json: [] });
    const options = { signal: new AbortController().signal, deadline: time.nowMs + 60_000 };
    await expect(client.get(connection, { path: VAT_PATH, action: 'reading VAT types', options })).resolves.toEqual([]);
  });
});

describe('DineroConnector — CallOptions on every method', () => {
  it.each([
    ['verify', (c: DineroConnector, signal: AbortSignal) => c.verify(connection, { signal })],
    ['listAccounts', (c: DineroConnector, signal: AbortSignal) => c.listAccounts(connection, { signal })],
    ['listTaxCodes', (c: DineroConnector, signal: AbortSignal) => c.listTaxCodes(connection, { signal })],
    [
      'exchangeAuthorizationCode',
      (c: DineroConnector, signal: AbortSignal) =>
        c.exchangeAuthorizationCode({ code: 'c', redirectUri: 'https://x.test/cb' }, { signal }),
    ],
  ])('%s passes an aborted signal on and sends nothing', async (_name, call) => {
    const { fake, options } = setup();
    const connector = new DineroConnector(options);
    await expect(call(connector, AbortSignal.abort())).rejects.toMatchObject({
      code: 'aborted',
      outcomeUnknown: false,
    });
    expect(fake.requests).toEqual([]);
  });
});
