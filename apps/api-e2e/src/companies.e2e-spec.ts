import { admin, call } from './test-support/http';

interface FieldError {
  field: string;
  message: string;
}

const unique = () => `ext-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

describe('companies', () => {
  it('creates, reads and updates a company', async () => {
    const created = await call('POST', '/companies', {
      key: admin(),
      body: { name: 'Nordlys ApS', externalId: unique() },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Nordlys ApS', baseCurrency: 'DKK', id: expect.any(String) });
    const id = String(created.body['id']);
    const updated = await call('PATCH', `/companies/${id}`, { key: admin(), body: { name: 'Nordlys Holding ApS' } });
    expect(updated.status).toBe(200);
    expect(updated.body['name']).toBe('Nordlys Holding ApS');
    expect((await call('GET', `/companies/${id}`, { key: admin() })).body['name']).toBe('Nordlys Holding ApS');
  });

  it('pages through companies, oldest first', async () => {
    for (let i = 0; i < 3; i++) await call('POST', '/companies', { key: admin(), body: { name: `Paged ${i}` } });
    const first = await call<{ items: Array<{ id: string }>; total: number; page: number; pageSize: number }>(
      'GET',
      '/companies?page=1&pageSize=2',
      { key: admin() },
    );
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.total).toBeGreaterThanOrEqual(3);
    const second = await call<{ items: Array<{ id: string }> }>('GET', '/companies?page=2&pageSize=2', {
      key: admin(),
    });
    const overlap = second.body.items.filter((c) => first.body.items.some((f) => f.id === c.id));
    expect(overlap).toEqual([]);
  });

  it('answers 400 naming the field at fault', async () => {
    const res = await call<{ error: string; fields: FieldError[] }>('POST', '/companies', {
      key: admin(),
      body: { name: '', baseCurrency: 'KRONER' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('VALIDATION_FAILED');
    expect(res.body.fields.map((f) => f.field).sort()).toEqual(['baseCurrency', 'name']);
  });

  it('rejects a field it does not know', async () => {
    const res = await call<{ fields: FieldError[] }>('POST', '/companies', {
      key: admin(),
      body: { name: 'Extra ApS', isAdmin: true },
    });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ field: 'isAdmin', message: 'property isAdmin should not exist' }]);
  });

  it('answers 400 for a body that is not JSON, in the same error shape, without a stack trace', async () => {
    const res = await call('POST', '/companies', { key: admin(), rawBody: '{"name": ' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'BAD_REQUEST', requestId: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('answers 400 naming a malformed id, and 404 for an unknown one', async () => {
    const bad = await call<{ fields: FieldError[] }>('GET', '/companies/not-a-uuid', { key: admin() });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('companyId');
    const missing = await call('GET', '/companies/00000000-0000-4000-8000-000000000000', { key: admin() });
    expect(missing.status).toBe(404);
    expect(missing.body['error']).toBe('NOT_FOUND');
  });

  it('answers 409 on a second company with the same externalId and keeps the first', async () => {
    const externalId = unique();
    expect((await call('POST', '/companies', { key: admin(), body: { name: 'First', externalId } })).status).toBe(201);
    const again = await call<{ fields: FieldError[] }>('POST', '/companies', {
      key: admin(),
      body: { name: 'Second', externalId },
    });
    expect(again.status).toBe(409);
    expect(again.body.fields[0].field).toBe('externalId');
  });

  it('echoes a request id in the header and in error bodies', async () => {
    const res = await call('GET', '/companies/00000000-0000-4000-8000-000000000000', { key: admin() });
    expect(res.headers.get('x-request-id')).toBe(res.body['requestId']);
  });
});
