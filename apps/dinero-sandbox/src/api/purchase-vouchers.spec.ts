import { expectDineroError, PRO_ORG, SandboxHarness } from '../test-support/sandbox.harness';

const PDF = Buffer.from('%PDF-1.4\n% receipt\n');

describe('Purchase vouchers (Købsbilag)', () => {
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

  const cashVoucher = (overrides: Record<string, unknown> = {}) => ({
    PurchaseType: 'cash',
    VoucherDate: '2026-03-01',
    DepositAccountNumber: 55010,
    ExternalReference: 'export-1',
    Lines: [{ AccountNumber: 6000, Amount: 125, Description: 'Kontorland: papir', VatCode: 'I25' }],
    ...overrides,
  });

  async function create(body: object, version = 'v1.2') {
    return sandbox.dinero('POST', `/${version}/{organizationId}/vouchers/purchase`, { token, body });
  }

  async function balances(): Promise<Record<number, number>> {
    const response = await sandbox.http.get(`/_sandbox/organizations/${PRO_ORG}/balances`);
    return Object.fromEntries(
      (response.body as { AccountNumber: number; Balance: number }[]).map((b) => [b.AccountNumber, b.Balance]),
    );
  }

  it('creates a draft on /v1.1 and /v1.2 that moves no balance, and reads it back', async () => {
    for (const version of ['v1.1', 'v1.2']) {
      const created = await create(cashVoucher(), version);
      expect(created.status).toBe(200);
      expect(created.body).toEqual(
        expect.objectContaining({
          Status: 'Draft',
          VoucherNumber: null,
          PurchaseType: 'cash',
          ExternalReference: 'export-1',
        }),
      );
      const read = await sandbox.dinero('GET', '/v1/{organizationId}/vouchers/purchase/{guid}', {
        token,
        params: { guid: created.body.Guid },
      });
      expect(read.body.Lines[0]).toEqual(
        expect.objectContaining({ AmountInclVatValue: 125, AmountExclVatValue: 100, VatAmountValue: 25 }),
      );
      expect(read.body.VoucherTotals).toEqual(
        expect.arrayContaining([expect.objectContaining({ Type: 'Total', Total: 125 })]),
      );
    }
    expect(await balances()).toEqual({});
  });

  it('ignores unknown fields and reads keys case-insensitively, as the live server does', async () => {
    const created = await create({
      purchaseType: 'cash',
      depositAccountNumber: 55010,
      Lines: [{ accountNumber: 6000, amount: 50 }],
      Bogus: 1,
    });
    expect(created.status).toBe(200);
    expect(created.body.DepositAccountNumber).toBe(55010);
    expect(created.body.Lines[0]).toEqual(expect.objectContaining({ VatCode: 'I25', AmountInclVatValue: 50 }));
  });

  it('books with the Timestamp: balanced entries, VAT split out, a voucher number, and a cash voucher reads Paid', async () => {
    const draft = (
      await create(
        cashVoucher({
          Lines: [
            { AccountNumber: 6000, Amount: 125, Description: 'Papir', VatCode: 'I25' },
            { AccountNumber: 3100, Amount: 500, Description: 'Frokostmøde' },
          ],
        }),
      )
    ).body;
    const booked = await sandbox.dinero('POST', '/v1/{organizationId}/vouchers/purchase/{guid}/book', {
      token,
      params: { guid: draft.Guid },
      body: { Timestamp: draft.Timestamp },
    });
    expect(booked.status).toBe(200);
    expect(booked.body).toEqual(expect.objectContaining({ Status: 'Paid', VoucherNumber: 1, BookedByType: 'Api' }));
    expect(booked.body.Timestamp).not.toBe(draft.Timestamp);
    // Restaurant: 25 % of the 100 kr VAT is deductible, the rest stays on the expense account.
    expect(await balances()).toEqual({ 6000: 100, 3100: 475, 64060: 50, 55010: -625 });
    const entries = await sandbox.dinero('GET', '/v1/{organizationId}/entries', {
      token,
      query: { fromDate: '2026-01-01', toDate: '2026-12-31' },
    });
    expect(entries.body.reduce((sum: number, e: { Amount: number }) => sum + e.Amount, 0)).toBeCloseTo(0, 6);
    expect(
      entries.body.every(
        (e: { VoucherNumber: number; VoucherGuid: string }) => e.VoucherNumber === 1 && e.VoucherGuid === draft.Guid,
      ),
    ).toBe(true);
  });

  it('books an EU service purchase with reverse charge: VAT both owed and deducted', async () => {
    const draft = (
      await create(cashVoucher({ RegionKey: 'EU', Lines: [{ AccountNumber: 6310, Amount: 200, VatCode: 'IEUY' }] }))
    ).body;
    await sandbox.dinero('POST', '/v1/{organizationId}/vouchers/purchase/{guid}/book', {
      token,
      params: { guid: draft.Guid },
      body: { Timestamp: draft.Timestamp },
    });
    expect(await balances()).toEqual({ 6310: 200, 64060: 50, 64080: -50, 55010: -200 });
  });

  it('updates a draft with its Timestamp and refuses a stale one with code 58', async () => {
    const contact = '7d3c1b2a-4e5f-4a6b-8c9d-0e1f2a3b4c5d';
    const draft = (await create(cashVoucher())).body;
    const update = {
      ...cashVoucher({ Lines: [{ AccountNumber: 6100, Amount: 80 }] }),
      ContactGuid: contact,
      Timestamp: draft.Timestamp,
    };
    const updated = await sandbox.dinero('PUT', '/v1.1/{organizationId}/vouchers/purchase/{guid}', {
      token,
      params: { guid: draft.Guid },
      body: update,
    });
    expect(updated.status).toBe(200);
    expect(updated.body.Lines[0].AccountNumber).toBe(6100);
    const stale = await sandbox.dinero('PUT', '/v1/{organizationId}/vouchers/purchase/{guid}', {
      token,
      params: { guid: draft.Guid },
      body: update,
    });
    expectDineroError(stale, 400, 58);
    const noContact = await sandbox.dinero('PUT', '/v1/{organizationId}/vouchers/purchase/{guid}', {
      token,
      params: { guid: draft.Guid },
      body: { ...update, ContactGuid: undefined, Timestamp: updated.body.Timestamp },
    });
    expectDineroError(noContact, 400, 42, 'ContactGuid');
  });

  it('refuses to edit or book again a booked voucher, and deleting it posts an offsetting entry', async () => {
    const draft = (await create(cashVoucher())).body;
    const booked = (
      await sandbox.dinero('POST', '/v1/{organizationId}/vouchers/purchase/{guid}/book', {
        token,
        params: { guid: draft.Guid },
        body: { Timestamp: draft.Timestamp },
      })
    ).body;
    const edit = await sandbox.dinero('PUT', '/v1/{organizationId}/vouchers/purchase/{guid}', {
      token,
      params: { guid: draft.Guid },
      body: { ...cashVoucher(), ContactGuid: '7d3c1b2a-4e5f-4a6b-8c9d-0e1f2a3b4c5d', Timestamp: booked.Timestamp },
    });
    expectDineroError(edit, 400, 42, 'Status');
    expectDineroError(
      await sandbox.dinero('POST', '/v1/{organizationId}/vouchers/purchase/{guid}/book', {
        token,
        params: { guid: draft.Guid },
        body: { Timestamp: booked.Timestamp },
      }),
      400,
      42,
    );
    const removed = await sandbox.dinero('DELETE', '/v1/{organizationId}/vouchers/purchase/{guid}', {
      token,
      params: { guid: draft.Guid },
      body: { Timestamp: booked.Timestamp },
    });
    expect(removed.status).toBe(200);
    expect(await balances()).toEqual({ 6000: 0, 64060: 0, 55010: 0 });
    const read = await sandbox.dinero('GET', '/v1/{organizationId}/vouchers/purchase/{guid}', {
      token,
      params: { guid: draft.Guid },
    });
    expect(read.body.Status).toBe('Deleted');
  });

  it('deletes a draft with its Timestamp; an empty body is a 400 and the voucher is then gone (63)', async () => {
    const draft = (await create(cashVoucher())).body;
    const params = { guid: draft.Guid };
    expectDineroError(
      await sandbox.dinero('DELETE', '/v1/{organizationId}/vouchers/purchase/{guid}', { token, params }),
      400,
      42,
    );
    expectDineroError(
      await sandbox.dinero('DELETE', '/v1/{organizationId}/vouchers/purchase/{guid}', {
        token,
        params,
        body: { Timestamp: 'AAAA' },
      }),
      400,
      58,
    );
    expect(
      (
        await sandbox.dinero('DELETE', '/v1/{organizationId}/vouchers/purchase/{guid}', {
          token,
          params,
          body: { Timestamp: draft.Timestamp },
        })
      ).status,
    ).toBe(200);
    expectDineroError(
      await sandbox.dinero('GET', '/v1/{organizationId}/vouchers/purchase/{guid}', { token, params }),
      404,
      63,
    );
  });

  it.each([
    ['a cash purchase with PaymentDate', { PaymentDate: '2026-03-05' }, 'PaymentDate'],
    ['a cash purchase with CurrencyKey', { CurrencyKey: 'EUR' }, 'CurrencyKey'],
    ['a balance-sheet account on a line', { Lines: [{ AccountNumber: 55000, Amount: 10 }] }, 'Lines[0].AccountNumber'],
    ['a hidden account', { Lines: [{ AccountNumber: 2900, Amount: 10 }] }, 'Lines[0].AccountNumber'],
    ['an unknown account', { Lines: [{ AccountNumber: 1234, Amount: 10 }] }, 'Lines[0].AccountNumber'],
    ['an empty VAT code', { Lines: [{ AccountNumber: 6000, Amount: 10, VatCode: '' }] }, 'Lines[0].VatCode'],
    ['a line without Amount', { Lines: [{ AccountNumber: 6000 }] }, 'Lines[0].Amount'],
    ['a missing PurchaseType', { PurchaseType: undefined }, 'PurchaseType'],
    ['a deposit account that is not one', { DepositAccountNumber: 6000 }, 'DepositAccountNumber'],
    ['an ExternalReference over 128 characters', { ExternalReference: 'x'.repeat(129) }, 'ExternalReference'],
    ['an unknown FileGuid', { FileGuid: 'nope' }, 'FileGuid'],
  ])('refuses %s with code 42 naming the field', async (_name, overrides, field) => {
    expectDineroError(await create(cashVoucher(overrides)), 400, 42, field);
  });

  it('refuses at booking a VAT code that does not fit the region', async () => {
    const draft = (
      await create(cashVoucher({ RegionKey: 'DK', Lines: [{ AccountNumber: 6310, Amount: 200, VatCode: 'IEUY' }] }))
    ).body;
    const book = await sandbox.dinero('POST', '/v1/{organizationId}/vouchers/purchase/{guid}/book', {
      token,
      params: { guid: draft.Guid },
      body: { Timestamp: draft.Timestamp },
    });
    expectDineroError(book, 400, 42, 'Lines[0].VatCode');
    expect(await balances()).toEqual({});
  });

  it('previews totals without storing, finds similar vouchers and drafts by file guid', async () => {
    const fetched = await sandbox.dinero('POST', '/v1/{organizationId}/vouchers/purchase/fetch', {
      token,
      body: cashVoucher(),
    });
    expect(fetched.body.VoucherTotals).toEqual(
      expect.arrayContaining([{ Label: 'Moms', Total: 25, Type: 'Vat', Position: 1 }]),
    );
    expect(fetched.body.ShouldPossiblyBeFixedAsset).toBe(false);
    const none = await sandbox.dinero('POST', '/v1/{organizationId}/vouchers/purchase/similar', {
      token,
      body: cashVoucher(),
    });
    expect(none.body).toEqual({ SimilarFound: false, SimilarGuid: null, VoucherNumber: null });

    const upload = await sandbox.http
      .post(`/v1/${PRO_ORG}/files`)
      .set('Authorization', `Bearer ${token}`)
      .attach('file', PDF, { filename: 'kvittering.pdf', contentType: 'application/pdf' });
    const draft = (await create(cashVoucher({ FileGuid: upload.body.FileGuid }))).body;
    const similar = await sandbox.dinero('POST', '/v1/{organizationId}/vouchers/purchase/similar', {
      token,
      body: cashVoucher(),
    });
    expect(similar.body).toEqual({ SimilarFound: true, SimilarGuid: draft.Guid, VoucherNumber: null });
    const byFile = await sandbox.dinero('GET', '/v1/{organizationId}/vouchers/purchase/fileguid/{fileGuid}', {
      token,
      params: { fileGuid: upload.body.FileGuid },
    });
    expect(byFile.body).toEqual([draft.Guid]);
  });
});
