import { connectWithApiKey, waitForSync, type SyncJob } from './test-support/connections';
import { call, newCompanyWithKey } from './test-support/http';
import { dinero, newOrganization, sandbox } from './test-support/sandbox';

interface Problems {
  error: string;
  fields: Array<{ field: string; message: string }>;
}
interface Setup {
  depositAccount: string | null;
  readyToExport: boolean;
  problems: string[];
}
interface Options {
  depositAccounts: Array<{ number: string; name: string }>;
}
interface CategoryOptions {
  accounts: Array<{ number: string; name: string; category: string | null; defaultTaxCode: string | null }>;
  taxCodes: Array<{ code: string; rateBasisPoints: number; direction: string }>;
}

async function connectedCompany(name: string) {
  const company = await newCompanyWithKey(name);
  const org = await newOrganization();
  const connected = await connectWithApiKey(company.id, company.key, org.id, org.apiKey);
  await waitForSync(company.id, connected.body.id, String(connected.body.lastSyncJobId), company.key);
  return { ...company, org, connectionId: connected.body.id };
}

describe('setup', () => {
  let c: Awaited<ReturnType<typeof connectedCompany>>;
  beforeAll(async () => {
    c = await connectedCompany('Setup ApS');
  });

  it('is not ready before a setup is saved, and says why', async () => {
    const res = await call<Setup>('GET', `/companies/${c.id}/setup`, { key: c.key });
    expect(res.body).toMatchObject({ depositAccount: null, readyToExport: false });
    expect(res.body.problems.join(' ')).toContain('deposit account');
  });

  it('offers the deposit (Beholdning) accounts read live from Dinero', async () => {
    const res = await call<Options>('GET', `/companies/${c.id}/setup/options`, { key: c.key });
    expect(res.status).toBe(200);
    const numbers = res.body.depositAccounts.map((a) => a.number);
    expect(numbers).toEqual(expect.arrayContaining(['55000', '55010', '55020']));
    expect(numbers.every((n) => Number(n) >= 55000 && Number(n) <= 55999)).toBe(true);
  });

  it.each([
    ['an expense account as deposit account', { depositAccount: '3300' }, 'depositAccount', 'not a deposit'],
    ['a hidden account', { depositAccount: '2900' }, 'depositAccount', 'inactive'],
    ['an account Dinero does not have', { depositAccount: '55999' }, 'depositAccount', 'does not exist'],
    [
      'out-of-pocket without a reimbursement account',
      { depositAccount: '55010', outOfPocketAccount: '55020' },
      'reimbursementAccount',
      'required when out-of-pocket',
    ],
    [
      'an expense account as funding account',
      { depositAccount: '55010', fundingAccount: '3300' },
      'fundingAccount',
      'not a deposit',
    ],
    [
      'the wallet as its own funding account',
      { depositAccount: '55010', fundingAccount: '55010' },
      'fundingAccount',
      'must differ',
    ],
    [
      'the same account twice',
      { depositAccount: '55010', outOfPocketAccount: '55010', reimbursementAccount: '55000' },
      'outOfPocketAccount',
      'must differ',
    ],
  ])('refuses %s, saying exactly what is wrong', async (_what, body, field, words) => {
    const res = await call<Problems>('PUT', `/companies/${c.id}/setup`, { key: c.key, body });
    expect(res.status).toBe(400);
    const problem = res.body.fields.find((f) => f.field === field);
    expect(problem?.message).toContain(words);
  });

  it('saves a complete setup and is then ready to export', async () => {
    const res = await call<Setup>('PUT', `/companies/${c.id}/setup`, {
      key: c.key,
      body: { depositAccount: '55010', outOfPocketAccount: '55020', reimbursementAccount: '55000' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ depositAccount: '55010', readyToExport: true, problems: [] });
    const audit = await call('GET', `/companies/${c.id}/audit?action=setup.saved`, { key: c.key });
    expect(audit.body['total']).toBe(1);
  });

  it('validates a save against the synced chart: the options read Dinero once, a save not at all', async () => {
    // A latency fault of 0 ms on every request of the organization counts its Dinero requests without changing them.
    await sandbox('PUT', `/organizations/${c.org.id}/faults`, {
      rules: [{ kind: 'latency', latencyMs: 0, remaining: 1000 }],
    });
    const requestsSoFar = async () =>
      1000 -
      (await sandbox<{ rules: Array<{ remaining: number }> }>('GET', `/organizations/${c.org.id}/faults`)).rules[0]!
        .remaining;
    try {
      expect((await call('GET', `/companies/${c.id}/setup/options`, { key: c.key })).status).toBe(200);
      const afterOptions = await requestsSoFar();
      expect(afterOptions).toBeGreaterThan(0);
      const bad = await call('PUT', `/companies/${c.id}/setup`, { key: c.key, body: { depositAccount: '3300' } });
      expect(bad.status).toBe(400);
      const good = await call('PUT', `/companies/${c.id}/setup`, {
        key: c.key,
        body: { depositAccount: '55010', outOfPocketAccount: '55020', reimbursementAccount: '55000' },
      });
      expect(good.status).toBe(200);
      expect(await requestsSoFar()).toBe(afterOptions);
    } finally {
      await sandbox('DELETE', `/organizations/${c.org.id}/faults`);
    }
  });

  it('answers 409 for a company that is not connected', async () => {
    const lonely = await newCompanyWithKey('Unconnected ApS');
    const res = await call('GET', `/companies/${lonely.id}/setup/options`, { key: lonely.key });
    expect(res.status).toBe(409);
  });
});

describe('categories', () => {
  let c: Awaited<ReturnType<typeof connectedCompany>>;
  let options: CategoryOptions;
  beforeAll(async () => {
    c = await connectedCompany('Categories ApS');
    options = (await call<CategoryOptions>('GET', `/companies/${c.id}/categories/options`, { key: c.key })).body;
  });

  it("offers exactly Dinero's purchase accounts of a chart with live category names, and its VAT codes in basis points", async () => {
    const purchase = await dinero<Array<{ AccountNumber: number; IsHidden: boolean }>>(
      c.org,
      'GET',
      'accounts/purchase?fields=AccountNumber,IsHidden',
    );
    const entry = await dinero<Array<{ Category: string }>>(c.org, 'GET', 'accounts/entry?fields=Category');
    expect(entry.map((a) => a.Category)).toEqual(expect.arrayContaining(['Turnover', 'Variable Expenses']));
    expect(entry.map((a) => a.Category)).not.toContain('Expense');
    const visible = purchase.filter((a) => !a.IsHidden).map((a) => String(a.AccountNumber));
    expect(options.accounts.map((a) => a.number)).toEqual(visible);
    expect(options.accounts.length).toBeGreaterThan(10);
    expect(options.accounts.find((a) => a.number === '2000')).toEqual({
      number: '2000',
      name: 'Vareforbrug',
      category: 'Variable omkostninger',
      defaultTaxCode: 'I25',
    });
    expect(options.taxCodes).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'I25', rateBasisPoints: 2500, direction: 'purchase' })]),
    );
    expect(options.taxCodes.map((t) => t.code)).not.toContain('U25');
  });

  it('never gives a sales VAT code as the default of an expense account, and refuses it for a category', async () => {
    // An accountant's own expense account that defaults to sales VAT, created through Dinero's API.
    await dinero(c.org, 'POST', 'accounts/entry', { Number: 3450, Name: 'Messestand (videresalg)', VatCode: 'U25' });
    const sync = await call<SyncJob>('POST', `/companies/${c.id}/connections/${c.connectionId}/sync`, { key: c.key });
    await waitForSync(c.id, c.connectionId, sync.body.jobId, c.key);
    const opts = await call<CategoryOptions>('GET', `/companies/${c.id}/categories/options`, { key: c.key });
    expect(opts.body.accounts.find((a) => a.number === '3450')).toMatchObject({
      name: 'Messestand (videresalg)',
      defaultTaxCode: null,
    });
    const inherited = await call<Problems>('POST', `/companies/${c.id}/categories`, {
      key: c.key,
      body: { key: 'fair', name: 'Messer', accountNumber: '3450' },
    });
    expect([inherited.status, inherited.body.fields[0]?.field]).toEqual([400, 'taxCode']);
    expect(inherited.body.fields[0]?.message).toContain('defaults to VAT code U25');
    const sales = await call<Problems>('POST', `/companies/${c.id}/categories`, {
      key: c.key,
      body: { key: 'fair', name: 'Messer', accountNumber: '3450', taxCode: 'U25' },
    });
    expect(sales.body.fields[0]?.message).toContain('sales VAT code');
    const ok = await call('POST', `/companies/${c.id}/categories`, {
      key: c.key,
      body: { key: 'fair', name: 'Messer', accountNumber: '3450', taxCode: 'I25' },
    });
    expect([ok.status, ok.body['taxCode']]).toEqual([201, 'I25']);
  });

  it('maps a category with a friendly name to an expense account and a VAT code', async () => {
    const account = options.accounts[0];
    const res = await call('POST', `/companies/${c.id}/categories`, {
      key: c.key,
      body: { key: 'travel', name: 'Rejser', accountNumber: account.number, taxCode: 'I25' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ key: 'travel', name: 'Rejser', accountName: account.name, attention: null });
    const renamed = await call('PATCH', `/companies/${c.id}/categories/travel`, {
      key: c.key,
      body: { name: 'Rejser og transport' },
    });
    expect(renamed.body['name']).toBe('Rejser og transport');
  });

  it.each([
    ['a deposit account', { accountNumber: '55010' }, 'accountNumber', 'not an expense account'],
    ['a sales account', { accountNumber: '1000' }, 'accountNumber', 'not an expense account'],
    ['an unknown account', { accountNumber: '99999' }, 'accountNumber', 'not in the synced chart'],
    ['an unknown VAT code', { taxCode: 'X99' }, 'taxCode', 'not among'],
  ])('refuses %s', async (_what, change, field, words) => {
    const body = {
      key: `bad-${field}-${Math.random().toString(36).slice(2, 6)}`,
      name: 'Bad',
      accountNumber: options.accounts[1].number,
      ...change,
    };
    const res = await call<Problems>('POST', `/companies/${c.id}/categories`, { key: c.key, body });
    expect(res.status).toBe(400);
    expect(res.body.fields.find((f) => f.field === field)?.message).toContain(words);
  });

  it('follows renames in Dinero after the next sync, and flags a category whose account was hidden', async () => {
    expect(
      (
        await call('POST', `/companies/${c.id}/categories`, {
          key: c.key,
          body: { key: 'hotel', name: 'Hotel', accountNumber: '3310' },
        })
      ).status,
    ).toBe(201);
    await sandbox('PATCH', `/organizations/${c.org.id}/accounts/3310`, {
      name: 'Hotel og overnatning',
      isHidden: true,
    });
    const sync = await call<SyncJob>('POST', `/companies/${c.id}/connections/${c.connectionId}/sync`, { key: c.key });
    const { job } = await waitForSync(c.id, c.connectionId, sync.body.jobId, c.key);
    expect(job.result).toMatchObject({ changed: 1 });
    const hotel = await call('GET', `/companies/${c.id}/categories`, { key: c.key });
    expect((hotel.body as unknown as Array<Record<string, unknown>>).find((x) => x['key'] === 'hotel')).toMatchObject({
      accountName: 'Hotel og overnatning',
      attention: 'Account 3310 "Hotel og overnatning" is inactive at the provider.',
    });
    const opts = await call<CategoryOptions>('GET', `/companies/${c.id}/categories/options`, { key: c.key });
    expect(opts.body.accounts.map((a) => a.number)).not.toContain('3310');
    const refused = await call<Problems>('POST', `/companies/${c.id}/categories`, {
      key: c.key,
      body: { key: 'hotel2', name: 'Hotel', accountNumber: '3310' },
    });
    expect(refused.body.fields[0].message).toContain('inactive');
  });

  it('answers 409 for a key used twice', async () => {
    const body = { key: 'meals', name: 'Måltider', accountNumber: options.accounts[2].number };
    expect((await call('POST', `/companies/${c.id}/categories`, { key: c.key, body })).status).toBe(201);
    expect((await call('POST', `/companies/${c.id}/categories`, { key: c.key, body })).status).toBe(409);
  });
});

describe('tenant isolation on connection, setup and category routes', () => {
  it("answers 404 for every one of them with another company's key", async () => {
    const a = await connectedCompany('Iso A');
    const b = await newCompanyWithKey('Iso B');
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/companies/${a.id}/connections`],
      ['GET', `/companies/${a.id}/connections/${a.connectionId}`],
      ['POST', `/companies/${a.id}/connections/${a.connectionId}/sync`],
      ['DELETE', `/companies/${a.id}/connections/${a.connectionId}`],
      [
        'POST',
        `/companies/${a.id}/connections`,
        { provider: 'dinero', organizationId: a.org.id, method: 'api_key', credentials: { apiKey: a.org.apiKey } },
      ],
      ['GET', `/companies/${a.id}/setup`],
      ['GET', `/companies/${a.id}/setup/options`],
      ['PUT', `/companies/${a.id}/setup`, { depositAccount: '55010' }],
      ['GET', `/companies/${a.id}/categories`],
      ['GET', `/companies/${a.id}/categories/options`],
      ['POST', `/companies/${a.id}/categories`, { key: 'x', name: 'x', accountNumber: '3300' }],
    ];
    for (const [method, path, body] of routes) {
      const res = await call(method, path, { key: b.key, body });
      expect({ route: `${method} ${path}`, status: res.status }).toEqual({ route: `${method} ${path}`, status: 404 });
    }
    // A's sync job: unreachable with B's key, and through B's own company routes.
    const own = await call<Array<{ id: string; lastSyncJobId: string }>>('GET', `/companies/${a.id}/connections`, {
      key: a.key,
    });
    const jobPath = `/connections/${a.connectionId}/sync/${encodeURIComponent(own.body[0].lastSyncJobId)}`;
    expect((await call('GET', `/companies/${a.id}${jobPath}`, { key: a.key })).status).toBe(200);
    expect((await call('GET', `/companies/${a.id}${jobPath}`, { key: b.key })).status).toBe(404);
    expect((await call('GET', `/companies/${b.id}${jobPath}`, { key: b.key })).status).toBe(404);
  });
});
