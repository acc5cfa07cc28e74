import { money, type JournalEntry, type ProviderConnection } from '@ledgerbridge/connector-sdk';
import { DineroConnector } from './dinero.connector';
import { assertValidRequestBody, assertValidResponse, fixture } from './test-support/dinero-contract';
import { FakeFetch, FakeTime, jsonOf, testOptions, tokenReply } from './test-support/fake-fetch';

const TOKEN_PATH = '/dineroapi/oauth/token';
const connection: ProviderConnection = { companyId: 'c-1', organizationId: '100001', credentials: { apiKey: 'key-1' } };
const CREATE = '/v1.2/100001/ledgeritems';
const BOOK = '/v1/100001/ledgeritems/book';
const STATUS = '/v1/100001/ledgeritems/status';
const A = '0b8f5d0e-3c4a-4c1e-9a57-2f3d7c1b9e10';
const B = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const C = 'c3c3c3c3-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

function entry(id: string, account = '55010'): JournalEntry {
  return {
    id,
    date: '2025-11-21',
    lines: [
      { accountNumber: account, amount: money(100_000n, 'DKK'), description: 'Wallet top-up', taxCode: 'none' },
      { accountNumber: '55020', amount: money(-100_000n, 'DKK'), description: 'Wallet top-up', taxCode: 'none' },
    ],
  };
}

function setup() {
  const fake = new FakeFetch();
  fake.always('POST', TOKEN_PATH, tokenReply('access-1'));
  return { fake, connector: new DineroConnector(testOptions(fake, new FakeTime())) };
}

const ok = (id: string, providerStatus: string, version?: string) => ({
  kind: 'ok',
  entryId: id,
  providerId: id,
  providerStatus,
  ...(version !== undefined && { providerVersion: version }),
});

describe('DineroConnector.postJournalEntries', () => {
  it('creates the batch as one array of our Ids, then books them: pending, in input order, bodies valid', async () => {
    const { fake, connector } = setup();
    const created = fixture('ledger-items-created.json');
    assertValidResponse('POST', '/v1.2/{organizationId}/ledgeritems', created);
    fake.on('POST', CREATE, { json: created });
    fake.on('POST', BOOK, { status: 200, text: '' });
    const results = await connector.postJournalEntries(connection, [entry(A), entry(B)]);
    expect(results).toEqual([ok(A, 'pending', 'AAAAAAAB3xQ='), ok(B, 'pending')]);
    const createBody = jsonOf(fake.to(CREATE)[0]!);
    expect(createBody).toEqual(connector.renderJournalEntries([entry(A), entry(B)]).body);
    assertValidRequestBody('POST', '/v1.2/{organizationId}/ledgeritems', createBody);
    const bookBody = jsonOf(fake.to(BOOK)[0]!);
    expect(bookBody).toEqual([{ Id: A, Version: 'AAAAAAAB3xQ=' }, { Id: B }]);
    assertValidRequestBody('POST', '/v1/{organizationId}/ledgeritems/book', bookBody);
    expect(fake.requests.filter((r) => r.path !== TOKEN_PATH).map((r) => r.path)).toEqual([CREATE, BOOK]);
  });

  it('reads a create answer given as an array, taking each version', async () => {
    const { fake, connector } = setup();
    fake.on('POST', CREATE, { json: fixture('ledger-items-created-array.json') });
    fake.on('POST', BOOK, { status: 200, text: '' });
    const results = await connector.postJournalEntries(connection, [entry(A), entry(B)]);
    expect(results).toEqual([ok(A, 'pending', 'AAAAAAAB3xQ='), ok(B, 'pending', 'AAAAAAAB3xU=')]);
    expect(jsonOf(fake.to(BOOK)[0]!)).toEqual([
      { Id: A, Version: 'AAAAAAAB3xQ=' },
      { Id: B, Version: 'AAAAAAAB3xU=' },
    ]);
  });

  it('reports created items as draft when the booking call fails, so posting them again books them', async () => {
    const { fake, connector } = setup();
    fake.on('POST', CREATE, { json: fixture('ledger-items-created.json') });
    fake.on('POST', BOOK, { status: 503, text: '' });
    const results = await connector.postJournalEntries(connection, [entry(A)]);
    expect(results).toEqual([ok(A, 'draft', 'AAAAAAAB3xQ=')]);
    expect(fake.to(BOOK)).toHaveLength(1);
  });

  it('reads a 409 for a reused Id as duplicate (success), books a duplicate still Draft and reports a batch-mate truly', async () => {
    const { fake, connector } = setup();
    fake.on('POST', CREATE, { status: 409, json: fixture('error-duplicated.json') });
    // A is the duplicate Dinero names, still Draft; B was not taken with it; C was.
    fake.on('POST', STATUS, {
      json: [
        { Id: A, Status: 'Draft', VoucherNumber: null, Version: 'v-a' },
        { Id: C, Status: 'Draft', VoucherNumber: null, Version: 'v-c' },
      ],
    });
    fake.on('POST', BOOK, { status: 200, text: '' });
    const results = await connector.postJournalEntries(connection, [entry(A), entry(B), entry(C)]);
    expect(results[0]).toEqual({ kind: 'duplicate', entryId: A, providerId: A });
    expect(results[1]).toMatchObject({
      kind: 'failed',
      entryId: B,
      error: { code: 'unavailable', retryable: true, outcomeUnknown: false },
    });
    expect(results[2]).toEqual(ok(C, 'pending', 'v-c'));
    const statusBody = jsonOf(fake.to(STATUS)[0]!);
    expect(statusBody).toEqual([{ Id: A }, { Id: B }, { Id: C }]);
    assertValidRequestBody('POST', '/v1/{organizationId}/ledgeritems/status', statusBody);
    expect(jsonOf(fake.to(BOOK)[0]!)).toEqual([
      { Id: A, Version: 'v-a' },
      { Id: C, Version: 'v-c' },
    ]);
  });

  it('does not book a duplicate already booked, and reads it as duplicate when the 409 names no Id', async () => {
    const { fake, connector } = setup();
    fake.on('POST', CREATE, { status: 409, json: { code: 72, message: 'Duplicated entity', validationErrors: null } });
    const status = fixture('ledger-items-status.json');
    assertValidResponse('POST', '/v1/{organizationId}/ledgeritems/status', status);
    fake.on('POST', STATUS, { json: status });
    const results = await connector.postJournalEntries(connection, [entry(A), entry(B)]);
    expect(results).toEqual([
      { kind: 'duplicate', entryId: A, providerId: A },
      { kind: 'duplicate', entryId: B, providerId: B },
    ]);
    expect(fake.to(BOOK)).toEqual([]);
  });

  it('fails the one item a 400 names beside the others, which are read back: absent ones may be sent again', async () => {
    const { fake, connector } = setup();
    fake.on('POST', CREATE, { status: 400, json: fixture('error-validation-ledger-items.json') });
    fake.on('POST', STATUS, { json: [] });
    const results = await connector.postJournalEntries(connection, [entry(A), entry(B, '99999'), entry(C)]);
    expect(results.map((result) => [result.entryId, result.kind])).toEqual([
      [A, 'failed'],
      [B, 'failed'],
      [C, 'failed'],
    ]);
    expect(results[1]).toMatchObject({
      error: {
        code: 'validation',
        field: '[1].Lines[0].AccountNumber',
        message: expect.stringContaining('Account 99999 does not exist'),
      },
    });
    expect(results[0]).toMatchObject({ error: { code: 'unavailable', outcomeUnknown: false } });
    expect(jsonOf(fake.to(STATUS)[0]!)).toEqual([{ Id: A }, { Id: C }]);
    expect(fake.to(BOOK)).toEqual([]);
  });

  it.each([
    ['a field of the request as a whole', fixture('error-validation-unplaced.json'), 'VoucherDate'],
    [
      'a line field without an item index',
      { code: 42, message: 'Validation error', validationErrors: { 'lines[0].amount': 'Must not be 0' } },
      'Lines[0].Amount',
    ],
  ])('throws validation for the whole call when Dinero names %s', async (_what, json, field) => {
    const { fake, connector } = setup();
    fake.on('POST', CREATE, { status: 400, json });
    await expect(connector.postJournalEntries(connection, [entry(A), entry(B)])).rejects.toMatchObject({
      code: 'validation',
      field,
    });
    expect(fake.to(STATUS)).toEqual([]);
  });

  it('fails an entry it cannot render alone and sends the rest, keeping the input order', async () => {
    const { fake, connector } = setup();
    fake.on('POST', CREATE, { json: fixture('ledger-items-created.json') });
    fake.on('POST', BOOK, { status: 200, text: '' });
    const unbalanced = {
      ...entry(B),
      lines: [entry(B).lines[0]!, { ...entry(B).lines[1]!, amount: money(-1n, 'DKK') }],
    };
    const results = await connector.postJournalEntries(connection, [unbalanced, entry(A)]);
    expect(results[0]).toMatchObject({ kind: 'failed', entryId: B, error: { code: 'validation', field: '[0].Lines' } });
    expect(results[1]).toEqual(ok(A, 'pending', 'AAAAAAAB3xQ='));
    expect((jsonOf(fake.to(CREATE)[0]!) as Array<{ Id: string }>).map((item) => item.Id)).toEqual([A]);
  });

  it('refuses more entries than limits.journalEntriesPerBatch before sending', async () => {
    const { fake, connector } = setup();
    const many = Array.from({ length: connector.limits.journalEntriesPerBatch! + 1 }, () => entry(A));
    await expect(connector.postJournalEntries(connection, many)).rejects.toMatchObject({ code: 'validation' });
    expect(fake.requests).toEqual([]);
  });

  it('sends a create whose answer is lost once and throws with the outcome unknown', async () => {
    const { fake, connector } = setup();
    fake.on('POST', CREATE, { networkError: true, code: 'ECONNRESET' });
    await expect(connector.postJournalEntries(connection, [entry(A)])).rejects.toMatchObject({
      code: 'unavailable',
      outcomeUnknown: true,
    });
    expect(fake.to(CREATE)).toHaveLength(1);
    expect(fake.to(BOOK)).toEqual([]);
  });
});
