import { CLIENT_ID, expectDineroError, PRO_ORG, SandboxHarness } from '../test-support/sandbox.harness';

const LEDGER_ITEM = {
  Id: '3f2b1c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d',
  VoucherDate: '2026-03-01',
  Lines: [
    {
      Description: 'Optankning',
      Amount: 100,
      AccountNumber: 55010,
      AccountVatCode: 'none',
      BalancingAccountNumber: 55020,
      BalancingAccountVatCode: 'none',
    },
  ],
};
const VOUCHER = { PurchaseType: 'cash', DepositAccountNumber: 55010, Lines: [{ AccountNumber: 6000, Amount: 10 }] };

describe('Injected faults and rate limits', () => {
  let sandbox: SandboxHarness;
  let token: string;
  let randomValue = 0;
  beforeAll(async () => {
    sandbox = await SandboxHarness.start({ rateLimit: 5, rateWindowMs: 1000, random: () => randomValue });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    sandbox.state.reset();
    randomValue = 0;
    token = await sandbox.token();
  });

  const setFaults = (rules: object[]) =>
    sandbox.http.put(`/_sandbox/organizations/${PRO_ORG}/faults`).send({ rules }).expect(200);
  const vatTypes = () => sandbox.dinero('GET', '/v1/{organizationId}/vatTypes', { token });
  const drafts = async () => (await sandbox.http.get(`/_sandbox/organizations/${PRO_ORG}`)).body.drafts as unknown[];

  it('adds latency', async () => {
    await setFaults([{ kind: 'latency', latencyMs: 150 }]);
    const started = Date.now();
    expect((await vatTypes()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it.each([[500], [503]])(
    'answers %i for the configured share, then recovers when the count is spent',
    async (status) => {
      await setFaults([{ kind: 'error', status, remaining: 1 }]);
      expectDineroError(await vatTypes(), status, 0);
      expect((await vatTypes()).status).toBe(200);
    },
  );

  it('spares requests outside the share', async () => {
    await setFaults([{ kind: 'error', status: 500, share: 0.3 }]);
    randomValue = 0.5;
    expect((await vatTypes()).status).toBe(200);
    randomValue = 0.1;
    expect((await vatTypes()).status).toBe(500);
  });

  it('answers 480 during a brownout, only on the matching path', async () => {
    await setFaults([{ kind: 'brownout', pathContains: '/vatTypes' }]);
    expectDineroError(await vatTypes(), 480, 480);
    expect(
      (
        await sandbox.dinero('GET', '/v1/{organizationId}/accounts/deposit', {
          token,
          projection: { schema: 'DepositAccountReadModel', fields: ['AccountNumber', 'Name'] },
        })
      ).status,
    ).toBe(200);
  });

  it('never answers on a timeout and stores nothing', async () => {
    await setFaults([{ kind: 'timeout', remaining: 1 }]);
    await expect(
      sandbox.http
        .post(`/v1.2/${PRO_ORG}/vouchers/purchase`)
        .set('Authorization', `Bearer ${token}`)
        .send(VOUCHER)
        .timeout(300),
    ).rejects.toThrow(/timeout/i);
    expect(await drafts()).toHaveLength(0);
  });

  it('commits then fails with 500: the voucher is stored although the caller saw an error', async () => {
    await setFaults([{ kind: 'commitThenFail', mode: 'error', remaining: 1 }]);
    expectDineroError(
      await sandbox.dinero('POST', '/v1.2/{organizationId}/vouchers/purchase', { token, body: VOUCHER }),
      500,
      0,
    );
    expect(await drafts()).toHaveLength(1);
  });

  it('commits then never answers, and leaves reads alone', async () => {
    await setFaults([{ kind: 'commitThenFail', mode: 'hang' }]);
    expect((await vatTypes()).status).toBe(200);
    await expect(
      sandbox.http
        .post(`/v1.2/${PRO_ORG}/vouchers/purchase`)
        .set('Authorization', `Bearer ${token}`)
        .send(VOUCHER)
        .timeout(300),
    ).rejects.toThrow(/timeout/i);
    expect(await drafts()).toHaveLength(1);
  });

  it.each([
    ['receipt upload', '/files', 'files'],
    ['ledger item create', '/ledgeritems', 'ledgerItems'],
  ])(
    'commits then fails with 500 on the %s too: it is stored although the caller saw an error',
    async (_what, pathContains, held) => {
      await setFaults([{ kind: 'commitThenFail', mode: 'error', pathContains, remaining: 1 }]);
      const answer =
        held === 'files'
          ? await sandbox.http
              .post(`/v1/${PRO_ORG}/files`)
              .set('Authorization', `Bearer ${token}`)
              .attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), { filename: 'k.pdf', contentType: 'application/pdf' })
          : await sandbox.dinero('POST', '/v1.2/{organizationId}/ledgeritems', { token, body: [LEDGER_ITEM] });
      expectDineroError(answer, 500, 0);
      const holdings = (await sandbox.http.get(`/_sandbox/organizations/${PRO_ORG}`)).body as Record<string, unknown[]>;
      expect(holdings[held]).toHaveLength(1);
    },
  );

  it('commits a ledger booking then fails: the items book although the caller saw an error', async () => {
    expect(
      (await sandbox.dinero('POST', '/v1.2/{organizationId}/ledgeritems', { token, body: [LEDGER_ITEM] })).status,
    ).toBe(200);
    await setFaults([{ kind: 'commitThenFail', mode: 'error', pathContains: '/ledgeritems/book', remaining: 1 }]);
    const booked = await sandbox.dinero('POST', '/v1/{organizationId}/ledgeritems/book', {
      token,
      body: [{ Id: LEDGER_ITEM.Id }],
    });
    expectDineroError(booked, 500, 0);
    const status = await sandbox.dinero('POST', '/v1/{organizationId}/ledgeritems/status', {
      token,
      body: [{ Id: LEDGER_ITEM.Id }],
    });
    expect(status.body).toEqual([
      expect.objectContaining({ Id: LEDGER_ITEM.Id, Status: expect.stringMatching(/^(PendingBooking|Booked)$/) }),
    ]);
  });

  it('revokes every token of an organization', async () => {
    const revoked = await sandbox.http.post(`/_sandbox/organizations/${PRO_ORG}/revoke-tokens`).expect(200);
    expect(revoked.body.revoked).toBeGreaterThanOrEqual(1);
    expectDineroError(await vatTypes(), 401, 41);
  });

  it("answers 429 with Dinero's body once the burst passes the limit, per organization and client id, until the window ends", async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => vatTypes()));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    const limited = answers.filter((a) => a.status === 429);
    expect(limited).toHaveLength(3);
    expectDineroError(limited[0], 429, 43);
    expect(limited[0].body.message).toContain('quota exceeded');
    expect(limited[0].headers['retry-after']).toBeUndefined();
    sandbox.clock.advance(1000);
    expect((await vatTypes()).status).toBe(200);
  });
});

describe('Retry-After switch', () => {
  it('sends Retry-After with the seconds left in the window when switched on', async () => {
    const sandbox = await SandboxHarness.start({ rateLimit: 1, rateWindowMs: 30_000, retryAfterHeader: true });
    try {
      const token = await sandbox.token();
      expect((await sandbox.dinero('GET', '/v1/{organizationId}/vatTypes', { token })).status).toBe(200);
      sandbox.clock.advance(10_000);
      const limited = await sandbox.dinero('GET', '/v1/{organizationId}/vatTypes', { token });
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('20');
    } finally {
      await sandbox.close();
    }
  });
});

describe('Call log (/_sandbox/organizations/:id/calls)', () => {
  it('lists every counted call with its arrival time and whether the rate limit let it through', async () => {
    const sandbox = await SandboxHarness.start({ rateLimit: 2, rateWindowMs: 1000 });
    try {
      const token = await sandbox.token();
      const startedAt = sandbox.clock.now();
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await sandbox.dinero('GET', '/v1/{organizationId}/vatTypes', { token })).status);
      expect(statuses).toEqual([200, 200, 429]);
      sandbox.clock.advance(1000);
      await sandbox.dinero('GET', '/v1/{organizationId}/vatTypes', { token });
      const log = (await sandbox.http.get(`/_sandbox/organizations/${PRO_ORG}/calls`).expect(200)).body;
      expect(log).toMatchObject({ rateLimit: 2, rateWindowMs: 1000, admitted: 3, refused: 1 });
      expect(log.calls.map((c: { admitted: boolean }) => c.admitted)).toEqual([true, true, false, true]);
      expect(log.calls[0]).toEqual({
        at: startedAt,
        method: 'GET',
        path: `/v1/${PRO_ORG}/vatTypes`,
        clientId: CLIENT_ID,
        admitted: true,
      });
      const later = (await sandbox.http.get(`/_sandbox/organizations/${PRO_ORG}/calls?since=${startedAt + 1000}`)).body;
      expect(later.calls.map((c: { at: number }) => c.at)).toEqual([startedAt + 1000]);
      expect((await sandbox.http.get(`/_sandbox/organizations/${PRO_ORG}/calls?since=soon`)).status).toBe(400);
      sandbox.state.reset();
      expect((await sandbox.http.get(`/_sandbox/organizations/${PRO_ORG}/calls`)).body.calls).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
