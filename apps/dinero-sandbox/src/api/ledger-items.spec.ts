import { expectDineroError, PRO_ORG, SandboxHarness } from '../test-support/sandbox.harness';

const ID = '3f2b1c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d';
const OTHER = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

// A reimbursement paid from the card wallet: money moves from the wallet to the out-of-pocket account, no VAT.
const reimbursement = (id = ID, amount = 250) => ({
  Id: id,
  VoucherDate: '2026-03-01',
  Lines: [
    {
      Description: 'Udlæg til medarbejder',
      Amount: amount,
      AccountNumber: 55020,
      AccountVatCode: 'none',
      BalancingAccountNumber: 55010,
      BalancingAccountVatCode: 'none',
    },
  ],
});

describe('Ledger items (Kassekladde)', () => {
  let sandbox: SandboxHarness;
  let token: string;
  beforeAll(async () => {
    sandbox = await SandboxHarness.start({ ledgerBookingDelayMs: 2000 });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    sandbox.state.reset();
    token = await sandbox.token();
  });

  const status = (ids: string[]) =>
    sandbox.dinero('POST', '/v1/{organizationId}/ledgeritems/status', { token, body: ids.map((Id) => ({ Id })) });
  const balances = async () => (await sandbox.http.get(`/_sandbox/organizations/${PRO_ORG}/balances`)).body;

  it('creates with the client-chosen Id on /v1.2 and answers 409/72 when the Id is reused', async () => {
    const created = await sandbox.dinero('POST', '/v1.2/{organizationId}/ledgeritems', {
      token,
      body: [reimbursement()],
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ Id: ID, Version: expect.any(String) });
    expectDineroError(
      await sandbox.dinero('POST', '/v1.2/{organizationId}/ledgeritems', { token, body: [reimbursement()] }),
      409,
      72,
    );
    expect(
      (
        await sandbox.http
          .post(`/v1/${PRO_ORG}/ledgeritems`)
          .set('Authorization', `Bearer ${token}`)
          .send([reimbursement(OTHER)])
      ).status,
    ).toBe(404);
  });

  it('books asynchronously: Draft → PendingBooking → Booked after the delay, and only then moves balances', async () => {
    const { Version } = (
      await sandbox.dinero('POST', '/v1.2/{organizationId}/ledgeritems', { token, body: [reimbursement()] })
    ).body;
    expect((await status([ID])).body).toEqual([{ Id: ID, Status: 'Draft', VoucherNumber: null, Version }]);
    const book = await sandbox.dinero('POST', '/v1/{organizationId}/ledgeritems/book', {
      token,
      body: [{ Id: ID, Version }],
    });
    expect(book.status).toBe(200);
    expect((await status([ID])).body[0].Status).toBe('PendingBooking');
    expect(await balances()).toEqual([]);
    sandbox.clock.advance(2000);
    const booked = (await status([ID])).body[0];
    expect(booked).toEqual(expect.objectContaining({ Status: 'Booked', VoucherNumber: 1 }));
    expect(await balances()).toEqual([
      { AccountNumber: 55010, Name: 'Pleo wallet', Balance: -250 },
      { AccountNumber: 55020, Name: 'Udlæg', Balance: 250 },
    ]);
    const changes = await sandbox.dinero('GET', '/v1/{organizationId}/entries/changes', {
      token,
      query: { changesFrom: '2026-03-01T00:00:00Z', changesTo: '2026-03-10T00:00:00Z' },
    });
    expect(changes.body).toHaveLength(2);
    expect(changes.body[0]).toEqual(expect.objectContaining({ VoucherType: 'Manuel', VoucherNumber: 1 }));
  });

  it('splits VAT out of a VAT-inclusive ledger line', async () => {
    const item = {
      Id: ID,
      VoucherDate: '2026-03-01',
      Lines: [{ Amount: 125, AccountNumber: 6000, AccountVatCode: 'I25', BalancingAccountNumber: 55000 }],
    };
    const { Version } = (await sandbox.dinero('POST', '/v1.2/{organizationId}/ledgeritems', { token, body: [item] }))
      .body;
    await sandbox.dinero('POST', '/v1/{organizationId}/ledgeritems/book', { token, body: [{ Id: ID, Version }] });
    sandbox.clock.advance(2000);
    expect(
      (await balances()).map((b: { AccountNumber: number; Balance: number }) => [b.AccountNumber, b.Balance]),
    ).toEqual([
      [6000, 100],
      [55000, -125],
      [64060, 25],
    ]);
  });

  it('lists unbooked items, updates with the Version (58 when stale) and deletes a draft', async () => {
    await sandbox.dinero('POST', '/v1.2/{organizationId}/ledgeritems', {
      token,
      body: [reimbursement(), reimbursement(OTHER, 10)],
    });
    const unbooked = await sandbox.dinero('POST', '/v1/{organizationId}/ledgeritems/ledgers', { token, body: [] });
    expect(unbooked.body.map((item: { Id: string }) => item.Id).sort()).toEqual([ID, OTHER].sort());
    const version = unbooked.body.find((item: { Id: string }) => item.Id === ID).Version;
    const updated = await sandbox.dinero('PUT', '/v1/{organizationId}/ledgeritems', {
      token,
      body: [{ ...reimbursement(ID, 300), Version: version }],
    });
    expect(updated.body).toEqual([{ Id: ID, Version: expect.any(String) }]);
    expectDineroError(
      await sandbox.dinero('PUT', '/v1/{organizationId}/ledgeritems', {
        token,
        body: [{ ...reimbursement(ID, 1), Version: version }],
      }),
      400,
      58,
    );
    const one = await sandbox.dinero('POST', '/v1/{organizationId}/ledgeritems/ledgers', { token, body: [{ Id: ID }] });
    expect(one.body[0].Lines[0].Amount).toBe(300);
    expect(
      (await sandbox.dinero('DELETE', '/v1/{organizationId}/ledgeritems/delete', { token, body: [{ Id: OTHER }] }))
        .status,
    ).toBe(200);
    expect((await status([ID, OTHER])).body.map((s: { Id: string }) => s.Id)).toEqual([ID]);
  });

  it('refuses unknown ids (63), booking twice, unbalanced lines and unknown accounts', async () => {
    expectDineroError(
      await sandbox.dinero('POST', '/v1/{organizationId}/ledgeritems/book', { token, body: [{ Id: OTHER }] }),
      400,
      63,
    );
    const { Version } = (
      await sandbox.dinero('POST', '/v1.2/{organizationId}/ledgeritems', { token, body: [reimbursement()] })
    ).body;
    await sandbox.dinero('POST', '/v1/{organizationId}/ledgeritems/book', { token, body: [{ Id: ID, Version }] });
    expectDineroError(
      await sandbox.dinero('POST', '/v1/{organizationId}/ledgeritems/book', { token, body: [{ Id: ID }] }),
      400,
      42,
    );
    expectDineroError(
      await sandbox.dinero('DELETE', '/v1/{organizationId}/ledgeritems/delete', { token, body: [{ Id: ID }] }),
      400,
      42,
    );
    const unbalanced = { Id: OTHER, Lines: [{ Amount: 10, AccountNumber: 55000 }] };
    expectDineroError(
      await sandbox.dinero('POST', '/v1.2/{organizationId}/ledgeritems', { token, body: [unbalanced] }),
      400,
      42,
      '[0].Lines',
    );
    const unknown = { Id: OTHER, Lines: [{ Amount: 10, AccountNumber: 1234, BalancingAccountNumber: 55000 }] };
    expectDineroError(
      await sandbox.dinero('POST', '/v1.2/{organizationId}/ledgeritems', { token, body: [unknown] }),
      400,
      42,
      '[0].Lines[0].AccountNumber',
    );
  });

  it('refuses entries for a period spanning two accounting years', async () => {
    const entries = await sandbox.dinero('GET', '/v1/{organizationId}/entries', {
      token,
      query: { fromDate: '2025-12-01', toDate: '2026-01-31' },
    });
    expectDineroError(entries, 400, 42, 'toDate');
    const window = await sandbox.dinero('GET', '/v1/{organizationId}/entries/changes', {
      token,
      query: { changesFrom: '2026-01-01T00:00:00Z', changesTo: '2026-03-01T00:00:00Z' },
    });
    expectDineroError(window, 400, 42, 'changesTo');
  });
});
