import { externalRef, type ProviderConnection, type TrackedDocument } from '@ledgerbridge/connector-sdk';
import { DineroConnector } from './dinero.connector';
import { VOUCHER_READS_PER_PAGE } from './dinero.tracking';
import { assertValidRequestBody, assertValidResponse, fixture } from './test-support/dinero-contract';
import { FakeFetch, FakeTime, jsonOf, testOptions, tokenReply } from './test-support/fake-fetch';

const TOKEN_PATH = '/dineroapi/oauth/token';
const connection: ProviderConnection = { companyId: 'c-1', organizationId: '100001', credentials: { apiKey: 'key-1' } };
const FILE_GUID = 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6';
const BY_FILE = `/v1/100001/vouchers/purchase/fileguid/${FILE_GUID}`;
const OURS = '5a8c2f1e-7b3d-4e6a-9c0f-1d2e3f4a5b6c';
const OTHER = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const STATUS = '/v1/100001/ledgeritems/status';
const ENTRY = '0b8f5d0e-3c4a-4c1e-9a57-2f3d7c1b9e10';
const PENDING = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const REF = externalRef('lb-exp-7f3c9a');
const voucherPath = (guid: string) => `/v1/100001/vouchers/purchase/${guid}`;
const hint = { kind: 'expenseVoucher' as const, attachmentRef: { id: FILE_GUID } };

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

const draft = () => recorded('purchase-voucher-created.json', 'GET', '/v1/{organizationId}/vouchers/purchase/{guid}');
const otherDraft = () =>
  recorded('purchase-voucher-other-draft.json', 'GET', '/v1/{organizationId}/vouchers/purchase/{guid}');
const paid = () => recorded('purchase-voucher-paid.json', 'GET', '/v1/{organizationId}/vouchers/purchase/{guid}');
const drafts = () =>
  recorded('purchase-vouchers-by-file.json', 'GET', '/v1/{organizationId}/vouchers/purchase/fileguid/{fileGuid}');

describe('DineroConnector.findByExternalRef — expense vouchers, through their receipt', () => {
  it('lists the drafts using the receipt, reads them and finds the one carrying our ExternalReference', async () => {
    const { fake, connector } = setup();
    fake.on('GET', BY_FILE, { json: drafts() });
    fake.on('GET', voucherPath(OURS), { json: draft() });
    fake.on('GET', voucherPath(OTHER), { json: otherDraft() });
    await expect(connector.findByExternalRef(connection, REF, hint)).resolves.toEqual({
      kind: 'found',
      providerId: OURS,
      providerStatus: 'draft',
      providerVersion: '00000000000A1B2C',
    });
    expect(fake.requests.filter((r) => r.path !== TOKEN_PATH).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${BY_FILE}`,
      `GET ${voucherPath(OURS)}`,
      `GET ${voucherPath(OTHER)}`,
    ]);
  });

  const FILES = '/v1/100001/files';
  const files = () => recorded('files-list.json', 'GET', '/v1/{organizationId}/files');
  const filesWith = (links: string[]) =>
    (files() as Array<Record<string, unknown>>).map((row) =>
      row['FileGuid'] === FILE_GUID
        ? { ...row, Linked: links.map((guid, i) => ({ VoucherId: i + 1, VoucherGuid: guid, LinkedAt: null })) }
        : row,
    );

  it('finds a voucher approved since (no draft any more) through the vouchers the file list links to the receipt', async () => {
    const { fake, connector } = setup();
    fake.on('GET', BY_FILE, { json: [] });
    fake.on('GET', FILES, { json: files() });
    fake.on('GET', voucherPath(OURS), { json: paid() });
    await expect(connector.findByExternalRef(connection, REF, hint)).resolves.toEqual({
      kind: 'found',
      providerId: OURS,
      providerStatus: 'booked',
      providerVersion: '00000000000A1B3F',
    });
    // 31 days before the test clock (2025-11-20T12:00:30Z), every file status, the largest page.
    expect(fake.to(FILES)[0]?.query).toEqual({
      fileStatus: 'All',
      uploadedAfter: '2025-10-20T12:00:30.000Z',
      page: '0',
      pageSize: '1000',
    });
  });

  it.each([
    ['no draft uses the receipt and the file list links it to none', [], [], []],
    ['the drafts using it carry other references', [OTHER], [OTHER], []],
    ['the voucher linked to it carries another reference', [], [], [OTHER]],
  ])('answers absent when %s', async (_why, listed, reads, links) => {
    const { fake, connector } = setup();
    fake.on('GET', BY_FILE, { json: listed });
    fake.on('GET', FILES, { json: filesWith(links) });
    for (const guid of [...reads, ...links]) fake.on('GET', voucherPath(guid), { json: otherDraft() });
    await expect(connector.findByExternalRef(connection, REF, hint)).resolves.toEqual({ kind: 'absent' });
    expect(fake.to(voucherPath(OTHER))).toHaveLength(reads.length + links.length);
  });

  it('answers unknown when the receipt is not in the file list it reads, and stops after three full pages', async () => {
    const { fake, connector } = setup();
    fake.on('GET', BY_FILE, { json: [] }, { json: [] });
    fake.on('GET', FILES, { json: [] });
    await expect(connector.findByExternalRef(connection, REF, hint)).resolves.toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining(FILE_GUID),
    });
    const other = (files() as object[])[0];
    const full = Array.from({ length: 1000 }, () => other);
    fake.on('GET', FILES, { json: full }, { json: full }, { json: full });
    await expect(connector.findByExternalRef(connection, REF, hint)).resolves.toMatchObject({ kind: 'unknown' });
    expect(fake.to(FILES).map((request) => request.query['page'])).toEqual(['0', '0', '1', '2']);
  });

  it('answers unknown when the only voucher carrying the reference was deleted (annulled)', async () => {
    const { fake, connector } = setup();
    fake.on('GET', BY_FILE, { json: [] });
    fake.on('GET', FILES, { json: files() });
    fake.on('GET', voucherPath(OURS), { json: { ...(paid() as object), Status: 'Deleted' } });
    await expect(connector.findByExternalRef(connection, REF, hint)).resolves.toMatchObject({ kind: 'unknown' });
  });

  it('answers unknown with the reason when the expense has no receipt, sending nothing', async () => {
    const { fake, connector } = setup();
    const answer = await connector.findByExternalRef(connection, REF, { kind: 'expenseVoucher' });
    expect(answer).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('receipt') });
    expect(fake.requests).toEqual([]);
  });

  it('answers unknown, never absent, when two drafts carry the reference or a listed draft vanished', async () => {
    const { fake, connector } = setup();
    fake.on('GET', BY_FILE, { json: [OURS, OTHER] }, { json: [OURS] });
    fake.on('GET', voucherPath(OURS), { json: draft() });
    fake.on('GET', voucherPath(OTHER), { json: { ...(otherDraft() as object), ExternalReference: REF } });
    await expect(connector.findByExternalRef(connection, REF, hint)).resolves.toMatchObject({ kind: 'unknown' });
    fake.on('GET', voucherPath(OURS), { status: 404, json: fixture('error-not-found.json') });
    await expect(connector.findByExternalRef(connection, REF, hint)).resolves.toMatchObject({ kind: 'unknown' });
  });

  it.each([
    ['a 5xx', { status: 500, text: '' }, 'unavailable'],
    ['a body that is not a list', { json: { Guid: OURS } }, 'unknown'],
  ])('throws on %s instead of answering absent', async (_what, reply, code) => {
    const { fake, connector } = setup();
    fake.on('GET', BY_FILE, reply);
    await expect(connector.findByExternalRef(connection, REF, hint)).rejects.toMatchObject({ code });
  });
});

describe('DineroConnector.findByExternalRef — ledger items, by their own Id', () => {
  it('reads ledgeritems/status for the Id and reports its state', async () => {
    const { fake, connector } = setup();
    fake.on('POST', STATUS, {
      json: recorded('ledger-items-status.json', 'POST', '/v1/{organizationId}/ledgeritems/status'),
    });
    await expect(
      connector.findByExternalRef(connection, REF, { kind: 'journalEntry', journalEntryId: ENTRY }),
    ).resolves.toEqual({ kind: 'found', providerId: ENTRY, providerStatus: 'booked', providerVersion: 'AAAAAAAB3xY=' });
    const body = jsonOf(fake.to(STATUS)[0]!);
    expect(body).toEqual([{ Id: ENTRY }]);
    assertValidRequestBody('POST', '/v1/{organizationId}/ledgeritems/status', body);
  });

  it.each([
    ['an empty list', { json: [] }],
    ["Dinero's not-found error (400, code 63)", { status: 400, json: fixture('error-not-found.json') }],
  ])('answers absent on %s', async (_what, reply) => {
    const { fake, connector } = setup();
    fake.on('POST', STATUS, reply);
    await expect(
      connector.findByExternalRef(connection, REF, { kind: 'journalEntry', journalEntryId: ENTRY }),
    ).resolves.toEqual({ kind: 'absent' });
  });

  it('throws on a bare 404 without Dinero’s body and answers unknown for a status it does not know', async () => {
    const { fake, connector } = setup();
    const lookup = () => connector.findByExternalRef(connection, REF, { kind: 'journalEntry', journalEntryId: ENTRY });
    fake.on('POST', STATUS, { status: 404, text: '' });
    await expect(lookup()).rejects.toMatchObject({ code: 'not_found' });
    fake.on('POST', STATUS, { json: [{ Id: ENTRY, Status: 'Archived', VoucherNumber: null, Version: null }] });
    await expect(lookup()).resolves.toMatchObject({ kind: 'unknown', reason: expect.stringContaining('Archived') });
    await expect(connector.findByExternalRef(connection, REF, { kind: 'journalEntry' })).resolves.toMatchObject({
      kind: 'unknown',
    });
  });
});

describe('DineroConnector.changesSince — the watched documents', () => {
  const watchedVoucher = (guid: string): TrackedDocument => ({ providerId: guid, kind: 'expenseVoucher' });

  it('follows a voucher from draft to booked (Godkend → Paid) and reads a draft gone as deleted', async () => {
    const { fake, connector } = setup();
    fake.on('GET', voucherPath(OURS), { json: draft() }, { json: paid() });
    fake.on('GET', voucherPath(OTHER), { status: 404, json: fixture('error-not-found.json') });
    const watched = [{ ...watchedVoucher(OURS), externalRef: REF }, watchedVoucher(OTHER)];
    const first = await connector.changesSince(connection, null, watched);
    expect(first).toEqual({
      changes: [
        { providerId: OURS, externalRef: REF, status: 'draft', providerVersion: '00000000000A1B2C' },
        { providerId: OTHER, status: 'deleted' },
      ],
      nextCursor: 'watched:0',
      hasMore: false,
    });
    const second = await connector.changesSince(connection, first.nextCursor, [watched[0]!]);
    expect(second.changes).toEqual([
      {
        providerId: OURS,
        externalRef: REF,
        status: 'booked',
        providerVersion: '00000000000A1B3F',
        voucherNumber: '42',
      },
    ]);
  });

  it.each(['Paid', 'Booked', 'Overdue'])('reads a voucher with Status "%s" as booked', async (status) => {
    const { fake, connector } = setup();
    fake.on('GET', voucherPath(OURS), { json: { ...(paid() as object), Status: status } });
    const page = await connector.changesSince(connection, null, [watchedVoucher(OURS)]);
    expect(page.changes).toEqual([expect.objectContaining({ providerId: OURS, status: 'booked' })]);
  });

  it.each(['Editing', 'Archived'])('reads Status "%s" as draft, or skips it when unknown', async (status) => {
    const { fake, connector } = setup();
    fake.on('GET', voucherPath(OURS), { json: { ...(draft() as object), Status: status } });
    const page = await connector.changesSince(connection, null, [watchedVoucher(OURS)]);
    expect(page.changes).toEqual(status === 'Editing' ? [expect.objectContaining({ status: 'draft' })] : []);
  });

  it.each([
    ['a 400 with code 63', { status: 400, json: fixture('error-not-found.json') }],
    [
      'Status "Deleted" (a booked voucher annulled)',
      { json: { ...(fixture('purchase-voucher-paid.json') as object), Status: 'Deleted' } },
    ],
  ])('reads a voucher answered with %s as deleted', async (_what, reply) => {
    const { fake, connector } = setup();
    fake.on('GET', voucherPath(OURS), reply);
    const page = await connector.changesSince(connection, null, [watchedVoucher(OURS)]);
    expect(page.changes).toEqual([expect.objectContaining({ providerId: OURS, status: 'deleted' })]);
  });

  it('follows ledger items with one status call: pending, booked with its number, and a missing Id as deleted', async () => {
    const { fake, connector } = setup();
    fake.on('POST', STATUS, { json: fixture('ledger-items-status.json') });
    const gone = 'deadbeef-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
    const page = await connector.changesSince(connection, null, [
      { providerId: ENTRY, kind: 'journalEntry' },
      { providerId: PENDING, kind: 'journalEntry' },
      { providerId: gone, kind: 'journalEntry' },
    ]);
    expect(page.changes).toEqual([
      { providerId: ENTRY, status: 'booked', providerVersion: 'AAAAAAAB3xY=', voucherNumber: '17' },
      { providerId: PENDING, status: 'pending', providerVersion: 'AAAAAAAB3xU=' },
      { providerId: gone, status: 'deleted' },
    ]);
    expect(jsonOf(fake.to(STATUS)[0]!)).toEqual([{ Id: ENTRY }, { Id: PENDING }, { Id: gone }]);
  });

  it(`reads at most ${VOUCHER_READS_PER_PAGE} vouchers a page and goes on from the cursor`, async () => {
    const { fake, connector } = setup();
    const guids = Array.from(
      { length: VOUCHER_READS_PER_PAGE + 2 },
      (_, i) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
    );
    for (const guid of guids) fake.on('GET', voucherPath(guid), { json: { ...(draft() as object), Guid: guid } });
    const watched = guids.map(watchedVoucher);
    const first = await connector.changesSince(connection, null, watched);
    expect(first.changes).toHaveLength(VOUCHER_READS_PER_PAGE);
    expect(first).toMatchObject({ hasMore: true, nextCursor: `watched:${VOUCHER_READS_PER_PAGE}` });
    const second = await connector.changesSince(connection, first.nextCursor, watched);
    expect(second.changes.map((change) => change.providerId)).toEqual(guids.slice(VOUCHER_READS_PER_PAGE));
    expect(second).toMatchObject({ hasMore: false, nextCursor: 'watched:0' });
    await expect(connector.changesSince(connection, 'elsewhere', watched)).rejects.toMatchObject({
      code: 'validation',
    });
  });

  it('throws when a voucher read fails for another reason, reporting no made-up state', async () => {
    const { fake, connector } = setup();
    fake.on('GET', voucherPath(OURS), { status: 503, text: '' });
    await expect(connector.changesSince(connection, null, [watchedVoucher(OURS)])).rejects.toMatchObject({
      code: 'unavailable',
      outcomeUnknown: false,
    });
  });
});
