import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { PRO_ORG, SandboxHarness } from '../test-support/sandbox.harness';
import { PNG_RECEIPT } from './organization-page.fixtures';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const XSS = '<img src=x onerror=alert(1)>';
const LEDGER_ID = '5b7c9d1e-2f3a-4b5c-8d6e-7f8091a2b3c4';
const WAIT = { timeout: 5000 };
// Each step polls at 1 s; the margin is for a loaded machine (npm test runs lint and type checks alongside).
const TEST_TIMEOUT = 15_000;

// The page is watched in a real headless Chromium while exports arrive through the Dinero API, as the plugin sends them.
describe('Organization page in headless Chromium', () => {
  let sandbox: SandboxHarness;
  let browser: Browser;
  let page: Page;
  let base: string;
  let token: string;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const shots = mkdtempSync(join(tmpdir(), 'dinero-sandbox-page-'));

  beforeAll(async () => {
    // Never skip silently: a missing browser is a failed run with the reason in it.
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}. Install Debian's chromium or set CHROMIUM_PATH (npm test sets it).`,
      );
    }
    sandbox = await SandboxHarness.start({ ledgerBookingDelayMs: 2000 });
    await sandbox.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(sandbox.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    token = await sandbox.token();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    rmSync(shots, { recursive: true, force: true });
  });

  const kladde = (guid: string) => page.locator(`#kladder tr[data-guid="${guid}"]`);
  const betalt = (guid: string) => page.locator(`#betalte tr[data-guid="${guid}"]`);
  const ledgerItem = (status: string) =>
    page.locator(`#kassekladde tbody[data-id="${LEDGER_ID}"][data-status="${status}"]`);

  it(
    'shows a draft arriving under Kladder without a reload, then Betalte with a working receipt link once approved',
    async () => {
      const opened = await page.goto(`${base}/_sandbox/organizations/${PRO_ORG}/page`);
      expect(opened?.status()).toBe(200);
      await expect(page.locator('h2').allTextContents()).resolves.toEqual([
        expect.stringContaining('Kladder'),
        expect.stringContaining('Betalte'),
        expect.stringContaining('Kassekladde'),
      ]);
      // A marker on the page's window that a reload or navigation would wipe out (globalThis: the tests have no DOM types).
      await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));

      const upload = await sandbox.http
        .post(`/v1/${PRO_ORG}/files`)
        .set('Authorization', `Bearer ${token}`)
        .attach('file', PNG_RECEIPT, { filename: 'kvittering.png', contentType: 'image/png' });
      expect(upload.status).toBe(200);
      const draft = await sandbox.dinero('POST', '/v1.2/{organizationId}/vouchers/purchase', {
        token,
        body: {
          PurchaseType: 'cash',
          VoucherDate: '2026-03-01',
          DepositAccountNumber: 55010,
          ExternalReference: 'pleo-export-42',
          FileGuid: upload.body.FileGuid,
          Lines: [{ AccountNumber: 6000, Amount: 1234.5, Description: XSS, VatCode: 'I25' }],
        },
      });
      expect(draft.status).toBe(200);
      const guid = draft.body.Guid as string;

      await kladde(guid).waitFor(WAIT);
      const row = await kladde(guid).innerText();
      expect(row).toEqual(expect.stringContaining('2026-03-01'));
      expect(row).toEqual(expect.stringContaining('1.234,50'));
      expect(row).toEqual(expect.stringContaining('55010'));
      expect(row).toEqual(expect.stringContaining('pleo-export-42'));
      expect(row).toEqual(expect.stringContaining('kvittering.png'));
      // The description is text on the page, not an element.
      expect(row).toEqual(expect.stringContaining(XSS));
      expect(await page.locator('main img').count()).toBe(0);
      expect(await page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);

      const approved = await sandbox.http.post(`/_sandbox/organizations/${PRO_ORG}/vouchers/${guid}/approve`).send({});
      expect(approved.status).toBe(200);
      await betalt(guid).waitFor(WAIT);
      await kladde(guid).waitFor({ state: 'detached', ...WAIT });
      expect(await betalt(guid).locator('.voucher-number').innerText()).toBe(String(approved.body.VoucherNumber));
      expect(await betalt(guid).innerText()).toEqual(expect.stringContaining('Paid'));

      const href = await betalt(guid).locator('a.receipt').getAttribute('href');
      expect(href).toBe(`/_sandbox/organizations/${PRO_ORG}/files/${upload.body.FileGuid}`);
      const receipt = await page.request.get(`${base}${href}`);
      expect(receipt.status()).toBe(200);
      expect(receipt.headers()['content-type']).toBe('image/png');
      expect(Buffer.compare(await receipt.body(), PNG_RECEIPT)).toBe(0);
      expect(await page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
    },
    TEST_TIMEOUT,
  );

  it(
    'follows a ledger item in Kassekladde from Draft through PendingBooking to Booked',
    async () => {
      const created = await sandbox.dinero('POST', '/v1.2/{organizationId}/ledgeritems', {
        token,
        body: [
          {
            Id: LEDGER_ID,
            VoucherDate: '2026-03-02',
            Lines: [{ Description: `Udlæg ${XSS}`, Amount: 250, AccountNumber: 55020, BalancingAccountNumber: 55010 }],
          },
        ],
      });
      expect(created.status).toBe(200);
      await ledgerItem('Draft').waitFor(WAIT);
      const text = await ledgerItem('Draft').innerText();
      expect(text).toEqual(expect.stringContaining('250,00'));
      expect(text).toEqual(expect.stringContaining('55020'));
      expect(text).toEqual(expect.stringContaining(`Udlæg ${XSS}`));

      await sandbox.dinero('POST', '/v1/{organizationId}/ledgeritems/book', {
        token,
        body: [{ Id: LEDGER_ID, Version: created.body.Version }],
      });
      await ledgerItem('PendingBooking').waitFor(WAIT);
      // The sandbox's clock moves past the booking delay; the page's next poll settles the booking.
      sandbox.clock.advance(2000);
      await ledgerItem('Booked').waitFor(WAIT);
      expect(await ledgerItem('Booked').locator('.voucher-number').innerText()).toMatch(/^\d+$/);
      expect(await page.locator('main img').count()).toBe(0);
      expect({ dialogs, pageErrors }).toEqual({ dialogs: [], pageErrors: [] });
      expect(await page.locator('#live').getAttribute('data-state')).toBe('live');
    },
    TEST_TIMEOUT,
  );

  it('takes a screenshot that is a PNG file', async () => {
    const file = join(shots, 'organization-page.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(1000);
    expect(readFileSync(file).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });
});
