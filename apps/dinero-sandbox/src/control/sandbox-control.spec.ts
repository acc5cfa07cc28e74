import { createHash } from 'node:crypto';
import { CLIENT_ID, expectDineroError, PRO_ORG, SandboxHarness } from '../test-support/sandbox.harness';

describe('Control surface (/_sandbox)', () => {
  let sandbox: SandboxHarness;
  let token: string;
  beforeAll(async () => {
    sandbox = await SandboxHarness.start();
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    sandbox.state.reset();
    token = await sandbox.token();
  });

  const draft = async () =>
    (
      await sandbox.dinero('POST', '/v1.2/{organizationId}/vouchers/purchase', {
        token,
        body: { PurchaseType: 'cash', DepositAccountNumber: 55010, Lines: [{ AccountNumber: 6000, Amount: 125 }] },
      })
    ).body;

  it('approves a draft as the accountant does (Godkend): booked, Paid, balances moved', async () => {
    const voucher = await draft();
    const approved = await sandbox.http
      .post(`/_sandbox/organizations/${PRO_ORG}/vouchers/${voucher.Guid}/approve`)
      .send({ username: 'revisor@firma.dk' });
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual(
      expect.objectContaining({
        Status: 'Paid',
        BookedByType: 'User',
        BookedByUsername: 'revisor@firma.dk',
        VoucherNumber: 1,
      }),
    );
    const holdings = (await sandbox.http.get(`/_sandbox/organizations/${PRO_ORG}`)).body;
    expect([holdings.drafts.length, holdings.bookedVouchers.length]).toEqual([0, 1]);
    expect(holdings.balances).toEqual(
      expect.arrayContaining([{ AccountNumber: 55010, Name: 'Pleo wallet', Balance: -125 }]),
    );
    // The integration's stored Timestamp is now stale, as after a real approval.
    expectDineroError(
      await sandbox.dinero('PUT', '/v1/{organizationId}/vouchers/purchase/{guid}', {
        token,
        params: { guid: voucher.Guid },
        body: {
          PurchaseType: 'cash',
          VoucherDate: '2026-03-02',
          ContactGuid: '7d3c1b2a-4e5f-4a6b-8c9d-0e1f2a3b4c5d',
          Lines: [],
          Timestamp: voucher.Timestamp,
        },
      }),
      400,
      42,
    );
  });

  it("lists each stored file with its bytes' SHA-256, so a test can check a receipt without a Dinero call", async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const upload = await sandbox.http
      .post(`/v1/${PRO_ORG}/files`)
      .set('Authorization', `Bearer ${token}`)
      .attach('file', png, { filename: 'kvittering.png', contentType: 'image/png' });
    expect(upload.status).toBe(200);
    const holdings = (await sandbox.http.get(`/_sandbox/organizations/${PRO_ORG}`)).body;
    expect(holdings.files).toEqual([
      {
        FileGuid: upload.body.FileGuid,
        Name: 'kvittering.png',
        Size: png.length,
        ContentType: 'image/png',
        Sha256: createHash('sha256').update(png).digest('hex'),
      },
    ]);
  });

  it('renames and hides an account as the accountant does, which the Dinero lists then show', async () => {
    const edited = await sandbox.http
      .patch(`/_sandbox/organizations/${PRO_ORG}/accounts/3300`)
      .send({ name: 'Rejser og transport', isHidden: true });
    expect(edited.body).toEqual({ AccountNumber: 3300, Name: 'Rejser og transport', IsHidden: true });
    const list = await sandbox.dinero('GET', '/v1/{organizationId}/accounts/entry', {
      token,
      projection: { schema: 'EntryAccountReadModel', fields: ['AccountNumber', 'Name', 'IsHidden'] },
    });
    expect(list.body).toEqual(
      expect.arrayContaining([{ AccountNumber: 3300, Name: 'Rejser og transport', IsHidden: true }]),
    );
    expect(
      (await sandbox.http.patch(`/_sandbox/organizations/${PRO_ORG}/accounts/1`).send({ isHidden: true })).status,
    ).toBe(404);
  });

  it('deletes a draft as an accountant might, so the integration finds it gone', async () => {
    const voucher = await draft();
    expect((await sandbox.http.delete(`/_sandbox/organizations/${PRO_ORG}/vouchers/${voucher.Guid}`)).body).toEqual({
      deleted: true,
      status: 'Removed',
    });
    expectDineroError(
      await sandbox.dinero('GET', '/v1/{organizationId}/vouchers/purchase/{guid}', {
        token,
        params: { guid: voucher.Guid },
      }),
      404,
      63,
    );
  });

  it('creates an organization, an integration and an API key that work against the Dinero paths', async () => {
    const integration = (
      await sandbox.http
        .post('/_sandbox/integrations')
        .send({ clientId: 'ledgerbridge-test', clientSecret: 'very-secret-1' })
        .expect(201)
    ).body;
    const organization = (
      await sandbox.http.post('/_sandbox/organizations').send({ name: 'Nyt Firma ApS', id: 424242 }).expect(201)
    ).body;
    const key = (
      await sandbox.http
        .post(`/_sandbox/organizations/${organization.id}/api-keys`)
        .send({ clientId: integration.clientId })
        .expect(201)
    ).body.key;
    const tokenResponse = await sandbox.http
      .post('/dineroapi/oauth/token')
      .auth('ledgerbridge-test', 'very-secret-1')
      .type('form')
      .send({ grant_type: 'password', username: key, password: key });
    const accounts = await sandbox.dinero('GET', '/v1/{organizationId}/accounts/deposit', {
      token: tokenResponse.body.access_token,
      params: { organizationId: 424242 },
      projection: { schema: 'DepositAccountReadModel', fields: ['AccountNumber', 'Name'] },
    });
    expect(accounts.body).toContainEqual({ AccountNumber: 55010, Name: 'Pleo wallet' });
    const foreign = await sandbox.http
      .post('/dineroapi/oauth/token')
      .auth(CLIENT_ID, 'sandbox-secret')
      .type('form')
      .send({ grant_type: 'password', username: key, password: key });
    expect(foreign.status).toBe(400);
  });

  it('validates control input and lists state; reset forgets what was added', async () => {
    await sandbox.http.post('/_sandbox/organizations').send({ name: '' }).expect(400);
    await sandbox.http
      .put(`/_sandbox/organizations/${PRO_ORG}/faults`)
      .send({ rules: [{ kind: 'meteor' }] })
      .expect(400);
    await sandbox.http.post('/_sandbox/organizations').send({ name: 'Midlertidig ApS', paid: false }).expect(201);
    expect((await sandbox.http.get('/_sandbox/state')).body.organizations).toHaveLength(3);
    await sandbox.http.post('/_sandbox/reset').expect(200);
    expect((await sandbox.http.get('/_sandbox/state')).body.organizations).toHaveLength(2);
  });

  it('documents only the control surface in its Swagger page', async () => {
    const document = (await sandbox.http.get('/_sandbox/docs-json').expect(200)).body as {
      paths: Record<string, unknown>;
    };
    const paths = Object.keys(document.paths);
    expect(paths).toContain('/_sandbox/organizations/{id}/faults');
    expect(paths.every((path) => path.startsWith('/_sandbox/'))).toBe(true);
  });
});
