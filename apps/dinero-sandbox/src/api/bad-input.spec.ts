import { expectDineroAnswer, expectDineroParameter } from '../test-support/dinero-contract';
import { expectDineroError, PRO_ORG, SandboxHarness } from '../test-support/sandbox.harness';

const ITEM_ID = '3f2b1c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d';

// Every way a caller can get the input wrong answers Dinero's 400, never a 500 or another shape.
describe('Bad input answers like Dinero', () => {
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

  const upload = (name: string, contentType: string, part = 'file') =>
    sandbox.http
      .post(`/v1/${PRO_ORG}/files`)
      .set('Authorization', `Bearer ${token}`)
      .attach(part, Buffer.from('x'), { filename: name, contentType });

  it.each([
    ['/v1/{organizationId}/accounts/entry', 'fields'],
    ['/v1/{organizationId}/accounts/entry', 'categoryFilter'],
    ['/v1/{organizationId}/accounts/purchase', 'fields'],
    ['/v1/{organizationId}/accounts/deposit', 'fields'],
    ['/v1/organizations', 'fields'],
    ['/v1/{organizationId}/contacts', 'fields'],
    ['/v2/{organizationId}/contacts', 'queryFilter'],
    ['/v1/{organizationId}/contacts', 'changesSince'],
    ['/v1/{organizationId}/contacts', 'deletedOnly'],
    ['/v1/{organizationId}/contacts', 'page'],
    ['/v1/{organizationId}/files', 'fileStatus'],
    ['/v1/{organizationId}/files', 'uploadedBefore'],
    ['/v1/{organizationId}/files', 'pageSize'],
    ['/v1/{organizationId}/entries', 'fromDate'],
    ['/v1/{organizationId}/entries/changes', 'changesFrom'],
  ])('GET %s with the single-valued %s given twice answers 400 naming it', async (path, name) => {
    expect(() => expectDineroParameter('GET', path, name, ['a', 'b'])).toThrow(/is not what/);
    const values: Record<string, [string, string]> = {
      fields: ['Name', 'AccountNumber'],
      categoryFilter: ['Expense', 'Asset'],
      queryFilter: ["Name eq 'a'", "Name eq 'b'"],
      changesSince: ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'],
      deletedOnly: ['true', 'false'],
      page: ['0', '1'],
      pageSize: ['10', '20'],
      fileStatus: ['Used', 'Unused'],
      uploadedBefore: ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'],
      fromDate: ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'],
      changesFrom: ['2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z'],
    };
    const query = values[name].map((v) => `${name}=${encodeURIComponent(v)}`).join('&');
    expectDineroError(await sandbox.dinero('GET', path, { token, query }), 400, 42, name);
  });

  it('takes extensions repeated, the standard encoding of the array the document declares', async () => {
    for (const [name, type] of [
      ['a.png', 'image/png'],
      ['b.pdf', 'application/pdf'],
      ['c.jpg', 'image/jpeg'],
    ]) {
      expect((await upload(name, type)).status).toBe(200);
    }
    expectDineroParameter('GET', '/v1/{organizationId}/files', 'extensions', ['png', 'pdf']);
    const two = await sandbox.dinero('GET', '/v1/{organizationId}/files', {
      token,
      query: 'extensions=png&extensions=pdf',
    });
    expect(two.status).toBe(200);
    expect(two.body.map((f: { Name: string }) => f.Name).sort()).toEqual(['a.png', 'b.pdf']);
    const one = await sandbox.dinero('GET', '/v1/{organizationId}/files', { token, query: 'extensions=jpg' });
    expect(one.body.map((f: { Name: string }) => f.Name)).toEqual(['c.jpg']);
    expectDineroError(
      await sandbox.dinero('GET', '/v1/{organizationId}/files', { token, query: 'uploadedAfter=yesterday' }),
      400,
      42,
      'uploadedAfter',
    );
  });

  it('lists entries between date-times in the format the document declares', async () => {
    const draft = await sandbox.dinero('POST', '/v1.2/{organizationId}/vouchers/purchase', {
      token,
      body: {
        PurchaseType: 'cash',
        VoucherDate: '2026-03-01',
        DepositAccountNumber: 55010,
        Lines: [{ AccountNumber: 6000, Amount: 125, VatCode: 'I25' }],
      },
    });
    await sandbox.dinero('POST', '/v1/{organizationId}/vouchers/purchase/{guid}/book', {
      token,
      params: { guid: draft.body.Guid },
      body: { Timestamp: draft.body.Timestamp },
    });
    for (const [fromDate, toDate] of [
      ['2026-01-01T00:00:00Z', '2026-12-31T23:59:59Z'],
      ['2026-03-01T00:00:00.000+01:00', '2026-03-01T00:00:00+01:00'],
      ['2026-01-01', '2026-12-31'],
    ]) {
      expectDineroParameter(
        'GET',
        '/v1/{organizationId}/entries',
        'fromDate',
        fromDate.includes('T') ? fromDate : `${fromDate}T00:00:00Z`,
      );
      const entries = await sandbox.dinero('GET', '/v1/{organizationId}/entries', {
        token,
        query: { fromDate, toDate },
      });
      expect({ fromDate, status: entries.status, count: entries.body.length }).toEqual({
        fromDate,
        status: 200,
        count: 3,
      });
    }
    const before = await sandbox.dinero('GET', '/v1/{organizationId}/entries', {
      token,
      query: { fromDate: '2026-01-01T00:00:00Z', toDate: '2026-02-28T23:59:59Z' },
    });
    expect(before.body).toEqual([]);
    expectDineroError(
      await sandbox.dinero('GET', '/v1/{organizationId}/entries', {
        token,
        query: { fromDate: 'yesterday', toDate: '2026-12-31T00:00:00Z' },
      }),
      400,
      42,
      'fromDate',
    );
    expectDineroError(
      await sandbox.dinero('GET', '/v1/{organizationId}/entries', {
        token,
        query: { fromDate: '2026-01-01T00:00:00Z' },
      }),
      400,
      42,
      'toDate',
    );
  });

  it('refuses ledgeritems/ledgers items without a valid Id, which the document requires', async () => {
    const created = await sandbox.dinero('POST', '/v1.2/{organizationId}/ledgeritems', {
      token,
      body: [
        {
          Id: ITEM_ID,
          VoucherDate: '2026-03-01',
          Lines: [
            {
              Description: 'Udlæg',
              Amount: 250,
              AccountNumber: 55020,
              AccountVatCode: 'none',
              BalancingAccountNumber: 55010,
              BalancingAccountVatCode: 'none',
            },
          ],
        },
      ],
    });
    expect(created.status).toBe(200);
    expectDineroError(
      await sandbox.dinero('POST', '/v1/{organizationId}/ledgeritems/ledgers', { token, body: [{}] }),
      400,
      42,
      '[0].Id',
    );
    expectDineroError(
      await sandbox.dinero('POST', '/v1/{organizationId}/ledgeritems/ledgers', {
        token,
        body: [{ Id: ITEM_ID }, { Version: 'x' }],
      }),
      400,
      42,
      '[1].Id',
    );
    expectDineroError(
      await sandbox.dinero('POST', '/v1/{organizationId}/ledgeritems/ledgers', { token, body: [{ Id: 'not-a-guid' }] }),
      400,
      42,
      '[0].Id',
    );
    const found = await sandbox.dinero('POST', '/v1/{organizationId}/ledgeritems/ledgers', {
      token,
      body: [{ Id: ITEM_ID }],
    });
    expect(found.body.map((item: { Id: string }) => item.Id)).toEqual([ITEM_ID]);
  });

  it.each([
    ['"7"', '7'],
    ['a fraction', 7.5],
    ['an object', { value: 7 }],
  ])('refuses to book with a Number that is %s, and books nothing', async (_what, number) => {
    const draft = await sandbox.dinero('POST', '/v1.2/{organizationId}/vouchers/purchase', {
      token,
      body: {
        PurchaseType: 'cash',
        VoucherDate: '2026-03-01',
        DepositAccountNumber: 55010,
        Lines: [{ AccountNumber: 6000, Amount: 125, VatCode: 'I25' }],
      },
    });
    const path = '/v1/{organizationId}/vouchers/purchase/{guid}/book';
    expectDineroError(
      await sandbox.dinero('POST', path, {
        token,
        params: { guid: draft.body.Guid },
        body: { Timestamp: draft.body.Timestamp, Number: number },
      }),
      400,
      42,
      'Number',
    );
    const read = await sandbox.dinero('GET', '/v1/{organizationId}/vouchers/purchase/{guid}', {
      token,
      params: { guid: draft.body.Guid },
    });
    expect([read.body.Status, read.body.VoucherNumber]).toEqual(['Draft', null]);
    const booked = await sandbox.dinero('POST', path, {
      token,
      params: { guid: draft.body.Guid },
      body: { Timestamp: draft.body.Timestamp, Number: 7 },
    });
    expect([booked.status, booked.body.VoucherNumber]).toEqual([200, 7]);
  });

  it('answers an upload under another part name, or with two files, as the document answers upload errors: 400 and a JSON string', async () => {
    const wrongName = await upload('a.png', 'image/png', 'attachment');
    expect([wrongName.status, typeof wrongName.body]).toEqual([400, 'string']);
    expectDineroAnswer('POST', '/v1/{organizationId}/files', wrongName.body, { status: '400' });
    expect(wrongName.body).toContain('"file"');
    const two = await sandbox.http
      .post(`/v1/${PRO_ORG}/files`)
      .set('Authorization', `Bearer ${token}`)
      .attach('file', Buffer.from('x'), { filename: 'a.png', contentType: 'image/png' })
      .attach('file', Buffer.from('y'), { filename: 'b.png', contentType: 'image/png' });
    expect([two.status, typeof two.body]).toEqual([400, 'string']);
    expect(sandbox.state.files.all(PRO_ORG)).toEqual([]);
  });
});
