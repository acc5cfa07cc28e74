import { admin, call, newCompanyWithKey } from './test-support/http';

describe('tenant isolation', () => {
  let a: { id: string; key: string; keyId: string };
  let b: { id: string; key: string; keyId: string };

  beforeAll(async () => {
    a = await newCompanyWithKey('Alpha ApS');
    b = await newCompanyWithKey('Beta ApS');
  });

  it('lets a company key read its own company and its own keys', async () => {
    const own = await call('GET', `/companies/${a.id}`, { key: a.key });
    expect(own.status).toBe(200);
    expect(own.body['id']).toBe(a.id);
    expect((await call('GET', `/companies/${a.id}/api-keys`, { key: a.key })).status).toBe(200);
  });

  it("answers 404 with no data for another company's routes", async () => {
    for (const path of [`/companies/${b.id}`, `/companies/${b.id}/api-keys`]) {
      const res = await call('GET', path, { key: a.key });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(JSON.stringify(res.body)).not.toContain('Beta');
      expect(JSON.stringify(res.body)).not.toContain(b.keyId);
    }
    const revoke = await call('DELETE', `/companies/${b.id}/api-keys/${b.keyId}`, { key: a.key });
    expect(revoke.status).toBe(404);
    expect((await call('GET', `/companies/${b.id}`, { key: b.key })).status).toBe(200);
  });

  it("keeps each company's transactions to itself: another company's are 404, never listed or resent", async () => {
    const topUp = { kind: 'wallet_top_up', bookedOn: '2026-11-01', amount: 100000, currency: 'DKK' };
    const platformId = `tenant-${process.pid}-${Date.now()}`;
    const stored = await call<{ results: Array<{ status: string; transaction: { id: string } }> }>(
      'POST',
      `/companies/${b.id}/transactions`,
      { key: b.key, body: { items: [{ ...topUp, platformId }] } },
    );
    const theirs = stored.body.results[0]?.transaction.id as string;
    for (const [method, path] of [
      ['GET', `/companies/${b.id}/transactions`],
      ['GET', `/companies/${b.id}/transactions/${theirs}`],
      ['POST', `/companies/${b.id}/transactions`],
    ]) {
      const res = await call(method, path, { key: a.key, body: { items: [{ ...topUp, platformId }] } });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    // Under its own company id, a key still cannot reach another company's transaction.
    expect((await call('GET', `/companies/${a.id}/transactions/${theirs}`, { key: a.key })).status).toBe(404);
    const own = await call<{ items: unknown[] }>('GET', `/companies/${a.id}/transactions`, { key: a.key });
    expect(own.body.items).toEqual([]);
    // The same platform id is a new transaction of another company, not a resend of b's.
    const mine = await call<{ results: Array<{ status: string }> }>('POST', `/companies/${a.id}/transactions`, {
      key: a.key,
      body: { items: [{ ...topUp, platformId }] },
    });
    expect(mine.body.results[0]?.status).toBe('created');
  });

  it('answers the same 404 for a company that does not exist, so ids cannot be probed', async () => {
    const missing = await call('GET', '/companies/00000000-0000-4000-8000-000000000000', { key: a.key });
    const other = await call('GET', `/companies/${b.id}`, { key: a.key });
    expect(missing.status).toBe(other.status);
    expect(missing.body['message']).toBe(other.body['message']);
  });

  it('refuses company keys on tenant management routes with 403', async () => {
    expect((await call('GET', '/companies', { key: a.key })).status).toBe(403);
    expect((await call('POST', '/companies', { key: a.key, body: { name: 'Sneaky ApS' } })).status).toBe(403);
    expect((await call('PATCH', `/companies/${a.id}`, { key: a.key, body: { name: 'Renamed' } })).status).toBe(403);
    expect((await call('POST', `/companies/${a.id}/api-keys`, { key: a.key, body: { name: 'more' } })).status).toBe(
      403,
    );
    expect((await call('DELETE', `/companies/${a.id}/api-keys/${a.keyId}`, { key: a.key })).status).toBe(403);
    const unchanged = await call('GET', `/companies/${a.id}`, { key: admin() });
    expect(unchanged.body['name']).toMatch(/^Alpha ApS/);
  });
});
