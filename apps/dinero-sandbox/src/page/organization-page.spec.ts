import { PRO_ORG, SandboxHarness } from '../test-support/sandbox.harness';
import { PNG_RECEIPT } from './organization-page.fixtures';
import { escapeHtml, formatKroner } from './organization-page.view';

const XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>';

describe('Organization page (HTTP)', () => {
  let sandbox: SandboxHarness;
  beforeAll(async () => {
    sandbox = await SandboxHarness.start();
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.state.reset());

  it('formats kroner the Danish way with two decimals and escapes every markup character', () => {
    expect([formatKroner(0), formatKroner(1234.5), formatKroner(-0.05), formatKroner(1234567.891)]).toEqual([
      '0,00',
      '1.234,50',
      '-0,05',
      '1.234.567,89',
    ]);
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('serves the page as HTML with a nonce-only CSP, the three sections and no raw user markup', async () => {
    const organization = (await sandbox.http.post('/_sandbox/organizations').send({ name: XSS }).expect(201)).body;
    const token = await sandbox.token(organization.apiKey);
    await sandbox.dinero('POST', '/v1.2/{organizationId}/vouchers/purchase', {
      token,
      params: { organizationId: organization.id },
      body: {
        PurchaseType: 'cash',
        DepositAccountNumber: 55010,
        ExternalReference: XSS,
        Lines: [{ AccountNumber: 6000, Amount: 99.9, Description: XSS }],
      },
    });
    const response = await sandbox.http.get(`/_sandbox/organizations/${organization.id}/page`).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toMatch(/script-src 'nonce-[^']+'/);
    expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
    for (const heading of ['Kladder', 'Betalte', 'Kassekladde']) expect(response.text).toContain(`>${heading} <`);
    expect(response.text).toContain('99,90');
    expect(response.text).not.toContain('<script>alert');
    expect(response.text).not.toContain('<img');
    expect(response.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(response.text.match(/<script/g)).toHaveLength(1);
  });

  it('answers the polling feed with escaped fragments and a fingerprint that changes when an export lands', async () => {
    const before = (await sandbox.http.get(`/_sandbox/organizations/${PRO_ORG}/page.json`).expect(200)).body;
    expect(Object.keys(before.sections).sort()).toEqual(['betalte', 'kassekladde', 'kladder', 'summary']);
    const token = await sandbox.token();
    await sandbox.dinero('POST', '/v1.2/{organizationId}/vouchers/purchase', {
      token,
      body: {
        PurchaseType: 'cash',
        DepositAccountNumber: 55010,
        Lines: [{ AccountNumber: 6000, Amount: 10, Description: XSS }],
      },
    });
    const after = (await sandbox.http.get(`/_sandbox/organizations/${PRO_ORG}/page.json`).expect(200)).body;
    expect(after.fingerprint).not.toBe(before.fingerprint);
    expect(after.counts).toEqual({ drafts: 1, bookedVouchers: 0, ledgerItems: 0 });
    expect(after.sections.kladder).not.toContain('<img');
    expect(after.sections.kladder).toContain('&lt;script&gt;');
  });

  it('serves a receipt with its content type and refuses unknown organizations and files with 404', async () => {
    const token = await sandbox.token();
    const upload = await sandbox.http
      .post(`/v1/${PRO_ORG}/files`)
      .set('Authorization', `Bearer ${token}`)
      .attach('file', PNG_RECEIPT, { filename: 'kvittering "æ".png', contentType: 'image/png' });
    const file = await sandbox.http.get(`/_sandbox/organizations/${PRO_ORG}/files/${upload.body.FileGuid}`).expect(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(file.body as Buffer, PNG_RECEIPT)).toBe(0);
    const missing = await sandbox.http.get('/_sandbox/organizations/999999/page').expect(404);
    expect(missing.headers['content-type']).toMatch(/^text\/html/);
    expect(missing.text).toContain('999999');
    await sandbox.http.get('/_sandbox/organizations/999999/page.json').expect(404);
    await sandbox.http.get(`/_sandbox/organizations/999999/files/${upload.body.FileGuid}`).expect(404);
    await sandbox.http.get(`/_sandbox/organizations/${PRO_ORG}/files/00000000-0000-4000-8000-000000000000`).expect(404);
    // Another organization's receipt is not reachable through this one.
    await sandbox.http.get(`/_sandbox/organizations/100002/files/${upload.body.FileGuid}`).expect(404);
  });

  it('documents the page routes in the control Swagger', async () => {
    const document = (await sandbox.http.get('/_sandbox/docs-json').expect(200)).body as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/_sandbox/organizations/{id}/page',
        '/_sandbox/organizations/{id}/page.json',
        '/_sandbox/organizations/{id}/files/{fileGuid}',
      ]),
    );
  });
});
