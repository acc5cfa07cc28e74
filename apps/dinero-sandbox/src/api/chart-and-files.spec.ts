import { MAX_FILE_BYTES } from './files.controller';
import { expectDineroAnswer } from '../test-support/dinero-contract';
import { expectDineroError, PRO_ORG, SandboxHarness } from '../test-support/sandbox.harness';

const ENTRY_DEFAULT = { schema: 'EntryAccountReadModel', fields: ['AccountNumber', 'Name', 'IsHidden'] };
const PURCHASE_DEFAULT = {
  schema: 'EntryAccountReadModel',
  fields: ['AccountNumber', 'Name', 'VatCode', 'Category', 'CategoryName', 'IsHidden'],
};
const DEPOSIT_DEFAULT = { schema: 'DepositAccountReadModel', fields: ['AccountNumber', 'Name'] };

describe('Chart of accounts, VAT types, files and contacts', () => {
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

  it('returns plain arrays with the documented default fields, and more when asked', async () => {
    const deposit = await sandbox.dinero('GET', '/v1/{organizationId}/accounts/deposit', {
      token,
      projection: DEPOSIT_DEFAULT,
    });
    expect(deposit.body).toContainEqual({ AccountNumber: 55010, Name: 'Pleo wallet' });
    const full = await sandbox.dinero('GET', '/v1/{organizationId}/accounts/deposit', {
      token,
      query: { fields: 'AccountNumber,Name,IsDefault,IsHidden,BankIbanNumber' },
    });
    expect(full.body[0]).toEqual({
      AccountNumber: 55000,
      Name: 'Bank',
      IsDefault: true,
      IsHidden: false,
      BankIbanNumber: 'DK5012340012345678',
    });
    const entry = await sandbox.dinero('GET', '/v1/{organizationId}/accounts/entry', {
      token,
      projection: ENTRY_DEFAULT,
    });
    expect(Object.keys(entry.body[0])).toEqual(['AccountNumber', 'Name', 'IsHidden']);
    const purchase = await sandbox.dinero('GET', '/v1/{organizationId}/accounts/purchase', {
      token,
      projection: { schema: 'EntryAccountReadModel', fields: ['AccountNumber'] },
    });
    const numbers = purchase.body.map((a: { AccountNumber: number }) => a.AccountNumber);
    expect(numbers.every((n: number) => n >= 2000 && n <= 9399)).toBe(true);
    const vat = await sandbox.dinero('GET', '/v1/{organizationId}/vatTypes', { token });
    expect(vat.body).toEqual(
      expect.arrayContaining([
        { VatCode: 'I25', Name: 'Købsmoms 25%', VatRate: 0.25 },
        expect.objectContaining({ VatCode: 'HREP' }),
        expect.objectContaining({ VatCode: 'IEUY' }),
      ]),
    );
  });

  it('lists as purchase accounts exactly its income-statement expense accounts, with the category names live Dinero uses', async () => {
    const all = await sandbox.dinero('GET', '/v1/{organizationId}/accounts/entry', {
      token,
      query: { fields: 'AccountNumber,Category,CategoryName' },
      projection: { schema: 'EntryAccountReadModel', fields: ['AccountNumber', 'Category', 'CategoryName'] },
    });
    const categories = new Set(all.body.map((a: { Category: string }) => a.Category));
    expect([...categories]).toEqual(expect.arrayContaining(['Turnover', 'Variable Expenses', 'Property']));
    expect(
      [...categories].filter((c) => ['Expense', 'Revenue', 'Asset', 'Liability', 'Vat'].includes(c as string)),
    ).toEqual([]);
    const purchase = await sandbox.dinero('GET', '/v1/{organizationId}/accounts/purchase', {
      token,
      projection: PURCHASE_DEFAULT,
    });
    const byNumber = new Map(purchase.body.map((a: { AccountNumber: number }) => [a.AccountNumber, a]));
    expect(byNumber.get(2000)).toEqual({
      AccountNumber: 2000,
      Name: 'Vareforbrug',
      VatCode: 'I25',
      Category: 'Variable Expenses',
      CategoryName: 'Variable omkostninger',
      IsHidden: false,
    });
    expect(byNumber.has(2900)).toBe(true);
    for (const excluded of [1000, 9000, 55000, 63000, 64060]) expect(byNumber.has(excluded)).toBe(false);
    expect(
      (
        await sandbox.dinero('POST', '/v1/{organizationId}/accounts/entry', {
          token,
          body: { Number: 6950, Name: 'Webinarer', VatCode: 'I25' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await sandbox.dinero('POST', '/v1/{organizationId}/accounts/entry', {
          token,
          body: { Number: 1400, Name: 'Salg af kurser', VatCode: 'U25' },
        })
      ).status,
    ).toBe(200);
    const after = await sandbox.dinero('GET', '/v1/{organizationId}/accounts/purchase', {
      token,
      projection: { schema: 'EntryAccountReadModel', fields: ['AccountNumber'] },
    });
    const numbers = after.body.map((a: { AccountNumber: number }) => a.AccountNumber);
    expect(numbers).toContain(6950);
    expect(numbers).not.toContain(1400);
  });

  it('creates entry and deposit accounts and refuses duplicates, unknown VAT codes and numbers outside the deposit range', async () => {
    expect(
      (
        await sandbox.dinero('POST', '/v1/{organizationId}/accounts/entry', {
          token,
          body: { Number: 6950, Name: 'Webinarer', VatCode: 'I25' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await sandbox.dinero('POST', '/v1/{organizationId}/accounts/deposit', {
          token,
          body: { Number: 55030, Name: 'Pleo udlæg 2', IbanNumber: null },
        })
      ).status,
    ).toBe(200);
    const deposit = await sandbox.dinero('GET', '/v1/{organizationId}/accounts/deposit', {
      token,
      projection: DEPOSIT_DEFAULT,
    });
    expect(deposit.body).toContainEqual({ AccountNumber: 55030, Name: 'Pleo udlæg 2' });
    expectDineroError(
      await sandbox.dinero('POST', '/v1/{organizationId}/accounts/entry', {
        token,
        body: { Number: 6950, Name: 'Igen', VatCode: 'I25' },
      }),
      400,
      42,
      'Number',
    );
    expectDineroError(
      await sandbox.dinero('POST', '/v1/{organizationId}/accounts/entry', {
        token,
        body: { Number: 6960, Name: 'X', VatCode: 'Q99' },
      }),
      400,
      42,
      'VatCode',
    );
    expectDineroError(
      await sandbox.dinero('POST', '/v1/{organizationId}/accounts/entry', {
        token,
        body: { Name: 'X', VatCode: 'I25' },
      }),
      400,
      42,
      'Number',
    );
    expectDineroError(
      await sandbox.dinero('POST', '/v1/{organizationId}/accounts/deposit', {
        token,
        body: { Number: 7000, Name: 'X' },
      }),
      400,
      42,
      'Number',
    );
  });

  it('serves a 5,000-account chart', async () => {
    await sandbox.http.post(`/_sandbox/organizations/${PRO_ORG}/chart/generate`).send({ total: 5000 }).expect(200);
    const entry = await sandbox.dinero('GET', '/v1/{organizationId}/accounts/entry', {
      token,
      query: { fields: 'AccountNumber,Name,VatCode,Category,CategoryName,IsHidden,IsDefaultSalesAccount' },
    });
    expect(entry.body).toHaveLength(5000);
    expect(new Set(entry.body.map((a: { AccountNumber: number }) => a.AccountNumber)).size).toBe(5000);
    const purchase = await sandbox.dinero('GET', '/v1/{organizationId}/accounts/purchase', {
      token,
      query: { fields: 'AccountNumber,Category' },
      projection: { schema: 'EntryAccountReadModel', fields: ['AccountNumber', 'Category'] },
    });
    expect(purchase.body.length).toBeGreaterThan(4900);
    expect(purchase.body.some((a: { Category: string }) => a.Category === 'Expense')).toBe(false);
  });

  it('uploads a receipt, reads it back and lists it with the vouchers that link it', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const upload = await sandbox.http
      .post(`/v1/${PRO_ORG}/files`)
      .set('Authorization', `Bearer ${token}`)
      .attach('file', png, { filename: 'kvittering.png', contentType: 'image/png' });
    expect(upload.status).toBe(200);
    expectDineroAnswer('POST', '/v1/{organizationId}/files', upload.body);
    const { FileGuid } = upload.body;
    const read = await sandbox.http
      .get(`/v1/${PRO_ORG}/files/${FileGuid}`)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true);
    expect([read.status, read.headers['content-type']]).toEqual([200, 'image/png']);
    expect(Buffer.compare(read.body as Buffer, png)).toBe(0);
    const unused = await sandbox.dinero('GET', '/v1/{organizationId}/files', {
      token,
      query: { fileStatus: 'Unused' },
    });
    expect(unused.body.map((f: { FileGuid: string }) => f.FileGuid)).toEqual([FileGuid]);
    const voucher = await sandbox.dinero('POST', '/v1.2/{organizationId}/vouchers/purchase', {
      token,
      body: { PurchaseType: 'cash', FileGuid },
    });
    const used = await sandbox.dinero('GET', '/v1/{organizationId}/files', { token, query: { fileStatus: 'Used' } });
    expect(used.body[0].Linked).toEqual([expect.objectContaining({ VoucherGuid: voucher.body.Guid })]);
    expectDineroError(
      await sandbox.dinero('GET', '/v1/{organizationId}/files/{fileGuid}', { token, params: { fileGuid: 'nope' } }),
      404,
      63,
    );
  });

  it('refuses a file over 6 MB with 400 and a JSON string, as the document says, and other types', async () => {
    const big = await sandbox.http
      .post(`/v1/${PRO_ORG}/files`)
      .set('Authorization', `Bearer ${token}`)
      .attach('file', Buffer.alloc(MAX_FILE_BYTES + 1), { filename: 'big.pdf', contentType: 'application/pdf' });
    expect(big.status).toBe(400);
    expectDineroAnswer('POST', '/v1/{organizationId}/files', big.body, { status: '400' });
    const gif = await sandbox.http
      .post(`/v1/${PRO_ORG}/files`)
      .set('Authorization', `Bearer ${token}`)
      .attach('file', Buffer.from('GIF89a'), { filename: 'a.gif', contentType: 'image/gif' });
    expect([gif.status, typeof gif.body]).toEqual([400, 'string']);
  });

  it('pages contacts 0-based with Collection and Pagination, filters them and creates one', async () => {
    const created = await sandbox.dinero('POST', '/v1/{organizationId}/contacts', {
      token,
      body: { Name: 'Papirhuset ApS', CountryKey: 'DK', IsPerson: false, IsMember: false, UseCvr: true },
    });
    expect(created.body.ContactGuid).toEqual(expect.any(String));
    const page = await sandbox.dinero('GET', '/v2/{organizationId}/contacts', {
      token,
      query: { pageSize: 1, page: 1 },
      projection: { schema: 'ContactReadModel', fields: ['Name', 'ContactGuid'] },
    });
    expect(page.body.Pagination).toEqual({
      MaxPageSizeAllowed: 1000,
      PageSize: 1,
      Result: 2,
      ResultWithoutFilter: 2,
      Page: 1,
    });
    expect(page.body.Collection).toEqual([{ Name: 'Papirhuset ApS', ContactGuid: created.body.ContactGuid }]);
    const filtered = await sandbox.dinero('GET', '/v1/{organizationId}/contacts', {
      token,
      query: { queryFilter: "Name contains 'kontor'" },
      projection: { schema: 'ContactReadModel', fields: ['Name', 'ContactGuid'] },
    });
    expect(filtered.body.Collection.map((c: { Name: string }) => c.Name)).toEqual(['Kontorland A/S']);
    const one = await sandbox.dinero('GET', '/v1/{organizationId}/contacts/{guid}', {
      token,
      params: { guid: created.body.ContactGuid },
    });
    expect(one.body.UseCvr).toBe(true);
    expectDineroError(
      await sandbox.dinero('POST', '/v1/{organizationId}/contacts', { token, body: { Name: 'X' } }),
      400,
      42,
      'CountryKey',
    );
  });
});

describe('Large-file status switch', () => {
  it("answers 413 with Dinero's body when switched to the developer pages' status", async () => {
    const sandbox = await SandboxHarness.start({ largeFileStatus: 413 });
    try {
      const token = await sandbox.token();
      const big = await sandbox.http
        .post(`/v1/${PRO_ORG}/files`)
        .set('Authorization', `Bearer ${token}`)
        .attach('file', Buffer.alloc(MAX_FILE_BYTES + 1), { filename: 'big.pdf', contentType: 'application/pdf' });
      expectDineroError(big, 413, 43);
    } finally {
      await sandbox.close();
    }
  });
});
