import { e2eEnv } from './test-support/e2e-env';
import { admin, call, newCompanyWithKey } from './test-support/http';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  fields?: Array<{ field: string; message: string }>;
  requestId: string;
}

const deepBody = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Every documented operation that takes a body, with path parameters filled by a real company's id. */
async function writeOperations(companyId: string): Promise<Array<{ method: string; path: string }>> {
  const doc = (await call<{ paths: Record<string, Record<string, unknown>> }>('GET', '/docs-json')).body;
  return Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.keys(item)
      .filter((m) => ['post', 'put', 'patch'].includes(m))
      .map((m) => ({
        method: m.toUpperCase(),
        path: template.replace('{companyId}', companyId).replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'),
      })),
  );
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('bad input', () => {
  it('answers 400 naming the depth limit to a 5,000-deep body on every write route, quickly', async () => {
    const company = await newCompanyWithKey('Deep ApS');
    const ops = await writeOperations(company.id);
    expect(ops.length).toBeGreaterThanOrEqual(5);
    for (const op of ops) {
      const { value: res, ms } = await timed(() =>
        call<ErrorBody>(op.method, op.path, { key: admin(), rawBody: deepBody(5000) }),
      );
      expect({ op: `${op.method} ${op.path}`, status: res.status, error: res.body.error }).toEqual({
        op: `${op.method} ${op.path}`,
        status: 400,
        error: 'BAD_REQUEST',
      });
      expect(res.body.message).toContain('deeper than the limit of 32 levels');
      expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
      expect(ms).toBeLessThan(1000);
    }
    // A body within the limit still reaches validation.
    const shallow = await call<ErrorBody>('POST', '/companies', {
      key: admin(),
      rawBody: '{"name":"Flat ApS","extra":{"a":[1]}}',
    });
    expect(shallow.status).toBe(400);
    expect(shallow.body.error).toBe('VALIDATION_FAILED');
  });

  it('keeps /health/live answering while several deep bodies are in flight', async () => {
    const { baseUrl } = e2eEnv();
    const body = deepBody(5000);
    const floods = Array.from({ length: 20 }, () =>
      fetch(`${baseUrl}/companies`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${admin()}` },
        body,
      }).then((r) => r.status),
    );
    const probes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { value, ms } = await timed(() => fetch(`${baseUrl}/health/live`).then((r) => r.status));
      expect(value).toBe(200);
      probes.push(ms);
    }
    const statuses = await Promise.all(floods);
    expect(new Set(statuses)).toEqual(new Set([400]));
    expect(Math.max(...probes)).toBeLessThan(1000);
  });

  it('answers 413 naming the size limit to a body over 1 MiB', async () => {
    const res = await call<ErrorBody>('POST', '/companies', {
      key: admin(),
      rawBody: JSON.stringify({ name: 'x'.repeat(1_100_000) }),
    });
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('PAYLOAD_TOO_LARGE');
    expect(res.body.message).toContain('1048576 bytes');
  });

  it('answers 415 to a JSON body in a charset it cannot read, and reads UTF-16', async () => {
    const { baseUrl } = e2eEnv();
    const post = (charset: string, body: Buffer) =>
      fetch(`${baseUrl}/companies`, {
        method: 'POST',
        headers: { 'Content-Type': `application/json; charset=${charset}`, Authorization: `Bearer ${admin()}` },
        body,
      });
    const utf7 = await post('utf-7', Buffer.from('{"name":"Syv ApS"}'));
    expect(utf7.status).toBe(415);
    expect(await utf7.json()).toMatchObject({ statusCode: 415, error: 'UNSUPPORTED_MEDIA_TYPE' });
    const deep16 = await post('utf-16le', Buffer.from(deepBody(100), 'utf16le'));
    expect(deep16.status).toBe(400);
    const utf16 = await post('utf-16le', Buffer.from('{"name":"Seksten ApS"}', 'utf16le'));
    expect(utf16.status).toBe(201);
  });

  it.each(['1e20', '-1', '0', '1.5', 'abc', '99999999999'])(
    'answers 400 naming page and pageSize when they are %s',
    async (value) => {
      const company = await newCompanyWithKey('Paged Badly ApS');
      for (const path of ['/companies', `/companies/${company.id}/audit`]) {
        for (const field of ['page', 'pageSize']) {
          const res = await call<ErrorBody>('GET', `${path}?${field}=${value}`, { key: admin() });
          expect({ path, field, status: res.status, error: res.body.error }).toEqual({
            path,
            field,
            status: 400,
            error: 'VALIDATION_FAILED',
          });
          expect([...new Set(res.body.fields?.map((f) => f.field))]).toEqual([field]);
        }
      }
    },
  );

  it('still pages at the bounds', async () => {
    const res = await call<{ items: unknown[]; page: number; pageSize: number }>(
      'GET',
      '/companies?page=1000000&pageSize=200',
      { key: admin() },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ items: [], page: 1000000, pageSize: 200 });
  });
});
