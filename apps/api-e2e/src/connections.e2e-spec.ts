import { connectWithApiKey, waitForSync, type Connection, type SyncJob } from './test-support/connections';
import { admin, call, newCompanyWithKey } from './test-support/http';
import { exhaustQuota, newOrganization, sandbox } from './test-support/sandbox';

interface FieldErrors {
  error: string;
  message: string;
  fields?: Array<{ field: string; message: string }>;
}

describe('connecting to Dinero', () => {
  it('verifies an API key against the Company ID, stores it encrypted, never shows it, and syncs the chart', async () => {
    const company = await newCompanyWithKey('Connect ApS');
    const org = await newOrganization();
    const res = await connectWithApiKey(company.id, company.key, org.id, org.apiKey);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'connected',
      organizationName: expect.stringMatching(/^E2E Org/),
      health: 'healthy',
    });
    expect(JSON.stringify(res.body)).not.toContain(org.apiKey);
    const { job } = await waitForSync(company.id, res.body.id, String(res.body.lastSyncJobId), company.key);
    expect(job.state).toBe('completed');
    expect(job.result?.accounts).toBeGreaterThan(30);
    expect(job.result?.taxCodes).toBeGreaterThan(3);
    const read = await call<Connection>('GET', `/companies/${company.id}/connections/${res.body.id}`, {
      key: company.key,
    });
    expect(read.body).toMatchObject({ lastSyncStatus: 'succeeded', lastError: null });
    expect(JSON.stringify(read.body)).not.toContain(org.apiKey);
    const audit = await call('GET', `/companies/${company.id}/audit`, { key: admin() });
    expect(JSON.stringify(audit.body)).toContain('connection.created');
    expect(JSON.stringify(audit.body)).toContain('chart.synced');
    expect(JSON.stringify(audit.body)).not.toContain(org.apiKey);
    // The worker (another time zone than the API, see global-setup) wrote chart.synced: its time reads back the same.
    expect((await call('GET', `/companies/${company.id}/audit/verify`, { key: admin() })).body).toMatchObject({
      valid: true,
    });
  });

  it.each([
    ['a Company ID the key does not reach', { organizationId: '999999' }, 422, 'organizationId'],
    ['a wrong API key', { apiKey: 'not-a-dinero-key-000' }, 422, 'credentials'],
  ])('refuses %s, naming what is wrong, and stores nothing', async (_what, change, status, field) => {
    const company = await newCompanyWithKey('Refused ApS');
    const org = await newOrganization();
    const res = await call<FieldErrors>('POST', `/companies/${company.id}/connections`, {
      key: company.key,
      body: {
        provider: 'dinero',
        organizationId: 'organizationId' in change ? change.organizationId : org.id,
        method: 'api_key',
        credentials: { apiKey: 'apiKey' in change ? change.apiKey : org.apiKey },
      },
    });
    expect(res.status).toBe(status);
    expect(res.body.fields?.[0].field).toContain(field);
    expect((await call<unknown[]>('GET', `/companies/${company.id}/connections`, { key: company.key })).body).toEqual(
      [],
    );
  });

  it('refuses a wrong API key sent at the same moment as another company’s good one for the same organization', async () => {
    const org = await newOrganization();
    const good = await newCompanyWithKey('Right Key ApS');
    const wrong = await Promise.all([newCompanyWithKey('Wrong Key ApS'), newCompanyWithKey('Wrong Key ApS')]);
    // All at once: a token grant shared by organization would hand the good company's token to the wrong keys.
    const [goodRes, ...wrongRes] = await Promise.all([
      connectWithApiKey(good.id, good.key, org.id, org.apiKey),
      ...wrong.map((company, i) => connectWithApiKey(company.id, company.key, org.id, `not-a-dinero-key-${i}`)),
    ]);
    expect(goodRes.status).toBe(201);
    expect(goodRes.body.status).toBe('connected');
    for (const [i, company] of wrong.entries()) {
      expect(wrongRes[i]!.status).toBe(422);
      expect((wrongRes[i]!.body as unknown as FieldErrors).fields?.[0].field).toContain('credentials');
      expect((await call<unknown[]>('GET', `/companies/${company.id}/connections`, { key: company.key })).body).toEqual(
        [],
      );
      const audit = await call<{ items: Array<{ action: string }> }>('GET', `/companies/${company.id}/audit`, {
        key: admin(),
      });
      expect(audit.body.items.map((entry) => entry.action)).toEqual(['api-key.issued', 'company.created']);
    }
    const audit = await call('GET', `/companies/${good.id}/audit`, { key: admin() });
    expect(JSON.stringify(audit.body)).toContain('connection.created');
  });

  it('refuses an organization without the paid plan, saying so', async () => {
    const company = await newCompanyWithKey('Free ApS');
    const org = await newOrganization({ paid: false });
    const res = await connectWithApiKey(company.id, company.key, org.id, org.apiKey);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      error: 'PROVIDER_PLAN_REQUIRED',
      message: expect.stringContaining('paid Dinero plan'),
    });
    expect((await call<unknown[]>('GET', `/companies/${company.id}/connections`, { key: company.key })).body).toEqual(
      [],
    );
  });

  it('answers 400 for a provider not mounted, a credential field Dinero does not have, and missing credentials', async () => {
    const company = await newCompanyWithKey('Bad Input ApS');
    const unknown = await call<FieldErrors>('POST', `/companies/${company.id}/connections`, {
      key: company.key,
      body: { provider: 'fortnox', organizationId: '1', method: 'api_key', credentials: { apiKey: 'x' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields).toEqual([{ field: 'provider', message: 'provider "fortnox" is not mounted here' }]);
    const field = await call<FieldErrors>('POST', `/companies/${company.id}/connections`, {
      key: company.key,
      body: { provider: 'dinero', organizationId: '1', method: 'api_key', credentials: { password: 'x' } },
    });
    expect(field.status).toBe(400);
    expect(field.body.fields?.[0].field).toBe('credentials.password');
    const missing = await call<FieldErrors>('POST', `/companies/${company.id}/connections`, {
      key: company.key,
      body: { provider: 'dinero', organizationId: '1', method: 'api_key' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.fields?.[0].field).toBe('credentials');
  });

  it('connects through the Visma Connect login, checking the state', async () => {
    const company = await newCompanyWithKey('OAuth ApS');
    const started = await call<Connection>('POST', `/companies/${company.id}/connections`, {
      key: company.key,
      body: {
        provider: 'dinero',
        organizationId: '100001',
        method: 'oauth',
        redirectUri: 'https://expenses.example.com/dinero/callback',
      },
    });
    expect(started.status).toBe(201);
    expect(started.body.status).toBe('pending_authorization');
    const authorizeUrl = new URL(String(started.body.authorizeUrl));
    expect(authorizeUrl.pathname).toBe('/connect/authorize');
    expect(authorizeUrl.searchParams.get('scope')).toContain('offline_access');
    // The user consents for organization 100001; the provider redirects back with code and state.
    authorizeUrl.searchParams.set('organizations', '100001');
    authorizeUrl.searchParams.set('consent', 'yes');
    const consent = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(String(consent.headers.get('location')));
    const code = String(back.searchParams.get('code'));
    const state = String(back.searchParams.get('state'));

    const wrong = await call<FieldErrors>('POST', `/companies/${company.id}/connections/${started.body.id}/authorize`, {
      key: company.key,
      body: { code, state: 'forged-state' },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.fields?.[0].field).toBe('state');

    const badCode = await call<FieldErrors>(
      'POST',
      `/companies/${company.id}/connections/${started.body.id}/authorize`,
      {
        key: company.key,
        body: { code: 'not-a-code', state },
      },
    );
    expect(badCode.status).toBe(422);
    expect(badCode.body.fields?.[0].field).toBe('code');

    const done = await call<Connection>('POST', `/companies/${company.id}/connections/${started.body.id}/authorize`, {
      key: company.key,
      body: { code, state },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'connected', organizationName: 'Demo Rejser ApS' });
    const { job } = await waitForSync(company.id, done.body.id, String(done.body.lastSyncJobId), company.key);
    expect(job.state).toBe('completed');
  });

  it('disconnects: the credentials are gone and syncing is refused', async () => {
    const company = await newCompanyWithKey('Leaving ApS');
    const org = await newOrganization();
    const connected = await connectWithApiKey(company.id, company.key, org.id, org.apiKey);
    const gone = await call<Connection>('DELETE', `/companies/${company.id}/connections/${connected.body.id}`, {
      key: company.key,
    });
    expect(gone.body.status).toBe('disconnected');
    const sync = await call('POST', `/companies/${company.id}/connections/${connected.body.id}/sync`, {
      key: company.key,
    });
    expect(sync.status).toBe(409);
    const again = await connectWithApiKey(company.id, company.key, org.id, org.apiKey);
    expect(again.status).toBe(201);
  });

  it('keeps the old connection as history when the company reconnects, listing only the current one by default', async () => {
    const company = await newCompanyWithKey('Returning ApS');
    const org = await newOrganization();
    const first = await connectWithApiKey(company.id, company.key, org.id, org.apiKey);
    const gone = await call<Connection>('DELETE', `/companies/${company.id}/connections/${first.body.id}`, {
      key: company.key,
    });
    expect(gone.body).toMatchObject({ status: 'disconnected', disconnectedAt: expect.any(String), replacedAt: null });
    const second = await connectWithApiKey(company.id, company.key, org.id, org.apiKey);
    expect(second.status).toBe(201);

    const current = await call<Connection[]>('GET', `/companies/${company.id}/connections`, { key: company.key });
    expect(current.body.map((c) => [c.id, c.status])).toEqual([[second.body.id, 'connected']]);
    const history = await call<Connection[]>('GET', `/companies/${company.id}/connections?history=true`, {
      key: company.key,
    });
    expect(history.body.map((c) => [c.id, c.status])).toEqual([
      [second.body.id, 'connected'],
      [first.body.id, 'replaced'],
    ]);
    expect(history.body[1]).toMatchObject({
      disconnectedAt: gone.body.disconnectedAt,
      replacedAt: expect.any(String),
      health: 'disconnected',
    });
    // A superseded connection stays as it is: it can be neither disconnected again nor synced.
    expect(
      (await call<Connection>('DELETE', `/companies/${company.id}/connections/${first.body.id}`, { key: company.key }))
        .body.status,
    ).toBe('replaced');
    expect(
      (await call('POST', `/companies/${company.id}/connections/${first.body.id}/sync`, { key: company.key })).status,
    ).toBe(409);
    expect((await call('GET', `/companies/${company.id}/connections?history=maybe`, { key: company.key })).status).toBe(
      400,
    );

    const audit = await call<{ items: Array<{ action: string; subjectId: string; before: unknown }> }>(
      'GET',
      `/companies/${company.id}/audit`,
      { key: admin() },
    );
    const created = audit.body.items
      .filter((e) => e.action === 'connection.created')
      .map((e) => [e.subjectId, e.before]);
    expect(created).toEqual([
      [second.body.id, { replacedConnectionId: first.body.id, status: 'disconnected' }],
      [first.body.id, null],
    ]);
  });

  it('supersedes a pending login when the company connects another way: its state no longer authorizes', async () => {
    const company = await newCompanyWithKey('Changed Mind ApS');
    const org = await newOrganization();
    const pending = await call<Connection>('POST', `/companies/${company.id}/connections`, {
      key: company.key,
      body: {
        provider: 'dinero',
        organizationId: org.id,
        method: 'oauth',
        redirectUri: 'https://expenses.example.com/dinero/callback',
      },
    });
    const state = String(new URL(String(pending.body.authorizeUrl)).searchParams.get('state'));
    expect((await connectWithApiKey(company.id, company.key, org.id, org.apiKey)).status).toBe(201);
    const late = await call('POST', `/companies/${company.id}/connections/${pending.body.id}/authorize`, {
      key: company.key,
      body: { code: 'any', state },
    });
    expect(late.status).toBe(409);
    const read = await call<Connection>('GET', `/companies/${company.id}/connections/${pending.body.id}`, {
      key: company.key,
    });
    expect(read.body).toMatchObject({ status: 'replaced', replacedAt: expect.any(String) });
  });

  it('lets only one of two simultaneous connects win, refusing the other with 409', async () => {
    const company = await newCompanyWithKey('Eager ApS');
    const org = await newOrganization();
    const answers = await Promise.all([1, 2].map(() => connectWithApiKey(company.id, company.key, org.id, org.apiKey)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const history = await call<Connection[]>('GET', `/companies/${company.id}/connections?history=true`, {
      key: company.key,
    });
    expect(history.body.map((c) => c.status)).toEqual(['connected']);
  });
});

describe('syncing the chart', () => {
  it('syncs a 5,000-account chart with visible progress, and re-syncs without duplicating', async () => {
    const company = await newCompanyWithKey('Big Chart ApS');
    const org = await newOrganization({ chartSize: 5000 });
    const connected = await connectWithApiKey(company.id, company.key, org.id, org.apiKey);
    const first = await waitForSync(
      company.id,
      connected.body.id,
      String(connected.body.lastSyncJobId),
      company.key,
      90000,
    );
    expect({ state: first.job.state, failedReason: first.job.failedReason }).toEqual({
      state: 'completed',
      failedReason: null,
    });
    expect(first.job.result?.accounts).toBeGreaterThanOrEqual(5000);
    const again = await call<SyncJob>('POST', `/companies/${company.id}/connections/${connected.body.id}/sync`, {
      key: company.key,
    });
    expect(again.status).toBe(202);
    const second = await waitForSync(company.id, connected.body.id, again.body.jobId, company.key, 90000);
    expect(second.job).toMatchObject({
      state: 'completed',
      result: { accounts: first.job.result?.accounts, added: 0, changed: 0, deactivated: 0 },
    });
    expect({
      progress: second.seen,
      monotonic: second.seen.every((p, i) => i === 0 || p >= second.seen[i - 1]),
    }).toMatchObject({ monotonic: true });
  });

  it('gets a new token when the old one stops working mid-way', async () => {
    const company = await newCompanyWithKey('Token ApS');
    const org = await newOrganization();
    const connected = await connectWithApiKey(company.id, company.key, org.id, org.apiKey);
    await waitForSync(company.id, connected.body.id, String(connected.body.lastSyncJobId), company.key);
    await sandbox('POST', `/organizations/${org.id}/revoke-tokens`);
    const again = await call<SyncJob>('POST', `/companies/${company.id}/connections/${connected.body.id}/sync`, {
      key: company.key,
    });
    const { job } = await waitForSync(company.id, connected.body.id, again.body.jobId, company.key);
    expect(job.state).toBe('completed');
  });

  it('rides out a 429 storm: the sync waits for the rate window and completes', async () => {
    const company = await newCompanyWithKey('Storm ApS');
    const org = await newOrganization();
    const connected = await connectWithApiKey(company.id, company.key, org.id, org.apiKey);
    await waitForSync(company.id, connected.body.id, String(connected.body.lastSyncJobId), company.key);
    expect(await exhaustQuota(org.id, org.apiKey)).toBeGreaterThan(10);
    const again = await call<SyncJob>('POST', `/companies/${company.id}/connections/${connected.body.id}/sync`, {
      key: company.key,
    });
    const { job } = await waitForSync(company.id, connected.body.id, again.body.jobId, company.key);
    expect(job.state).toBe('completed');
  });
});
