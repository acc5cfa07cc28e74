import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';
import { e2eEnv } from './test-support/e2e-env';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

// Swagger UI is what an admin opens first; a header such as a strict CSP can leave it blank while /docs answers 200.
describe('Swagger UI in a real browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}. Install Debian's chromium or set CHROMIUM_PATH (npm test sets it).`,
      );
    }
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
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders the API with its routes and the Authorize button, with no script or CSP errors', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(`${e2eEnv().baseUrl}/docs`);
    await page.getByText('LedgerBridge admin API').first().waitFor({ timeout: 15000 });
    await page.locator('.opblock-summary-path', { hasText: '/companies/{companyId}/connections' }).first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
    expect(await page.getByRole('button', { name: /Authorize/ }).count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
