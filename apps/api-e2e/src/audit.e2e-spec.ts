import { execSql } from './test-support/database';
import { admin, call, newCompanyWithKey } from './test-support/http';

interface AuditPage {
  items: Array<{ seq: number; action: string; actor: string; before: unknown; after: Record<string, unknown> | null }>;
  total: number;
}

describe('audit trail', () => {
  it('records who changed what, newest first, and never a key', async () => {
    const company = await newCompanyWithKey('Audited ApS');
    await call('PATCH', `/companies/${company.id}`, { key: admin(), body: { name: 'Audited Holding ApS' } });
    const page = await call<AuditPage>('GET', `/companies/${company.id}/audit`, { key: company.key });
    expect(page.status).toBe(200);
    expect(page.body.items.map((e) => e.action)).toEqual(['company.updated', 'api-key.issued', 'company.created']);
    expect(page.body.items[0]).toMatchObject({
      seq: 3,
      before: { name: expect.stringMatching(/^Audited ApS/) },
      after: { name: 'Audited Holding ApS' },
    });
    expect(page.body.items[0].actor).toMatch(/^key:[0-9a-f-]{36}$/);
    expect(JSON.stringify(page.body)).not.toContain(company.key);
  });

  it('filters by action and pages', async () => {
    const company = await newCompanyWithKey('Filtered ApS');
    const res = await call<AuditPage>('GET', `/companies/${company.id}/audit?action=api-key.issued&pageSize=1`, {
      key: admin(),
    });
    expect(res.body.total).toBe(1);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].action).toBe('api-key.issued');
    const bad = await call<{ fields: Array<{ field: string }> }>(
      'GET',
      `/companies/${company.id}/audit?from=yesterday`,
      { key: admin() },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('from');
  });

  it('verifies the chain, and fails it after a row is altered in the database', async () => {
    const company = await newCompanyWithKey('Tampered ApS');
    await call('PATCH', `/companies/${company.id}`, { key: admin(), body: { name: 'Tampered Twice ApS' } });
    const good = await call('GET', `/companies/${company.id}/audit/verify`, { key: admin() });
    expect(good.body).toEqual({ valid: true, entriesChecked: 3 });

    await execSql(`UPDATE audit_entries SET actor = ? WHERE chain = ? AND seq = 2`, ['key:someone-else', company.id]);
    const bad = await call<{ valid: boolean; entriesChecked: number; brokenAt: { seq: number; reason: string } }>(
      'GET',
      `/companies/${company.id}/audit/verify`,
      { key: company.key },
    );
    expect(bad.body.valid).toBe(false);
    expect(bad.body.entriesChecked).toBe(1);
    expect(bad.body.brokenAt).toEqual({ seq: 2, reason: 'its content does not match its hash (altered)' });
  });

  it("keeps one company's trail from another company's key", async () => {
    const a = await newCompanyWithKey('Private A');
    const b = await newCompanyWithKey('Private B');
    expect((await call('GET', `/companies/${b.id}/audit`, { key: a.key })).status).toBe(404);
    expect((await call('GET', `/companies/${b.id}/audit/verify`, { key: a.key })).status).toBe(404);
  });
});
