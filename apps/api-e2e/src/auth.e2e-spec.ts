import { admin, call, newCompanyWithKey } from './test-support/http';

interface OpenApiDoc {
  paths: Record<string, Record<string, { security?: Array<Record<string, string[]>> }>>;
  components: { securitySchemes: Record<string, { type: string; scheme?: string; name?: string; in?: string }> };
}

/** Every documented operation, with path parameters filled by well-formed ids. */
async function documentedOperations(): Promise<Array<{ method: string; path: string; template: string }>> {
  const doc = (await call<OpenApiDoc>('GET', '/docs-json')).body;
  return Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.keys(item).map((method) => ({
      method: method.toUpperCase(),
      template,
      path: template.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'),
    })),
  );
}

describe('authentication', () => {
  it('serves the docs and the health checks without a key', async () => {
    expect((await call('GET', '/docs')).status).toBe(200);
    expect((await call('GET', '/docs-json')).status).toBe(200);
    expect((await call('GET', '/health/live')).status).toBe(200);
    const ready = await call<{ status: string; details: Record<string, { status: string }> }>('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details['database'].status).toBe('up');
    expect(ready.body.details['redis'].status).toBe('up');
  });

  it('answers 401 on every other documented route without a key, and with a wrong key', async () => {
    const ops = (await documentedOperations()).filter((op) => !op.template.startsWith('/health/'));
    expect(ops.length).toBeGreaterThanOrEqual(7);
    for (const op of ops) {
      const none = await call(op.method, op.path, { body: {} });
      expect({ op: `${op.method} ${op.template}`, status: none.status, error: none.body['error'] }).toEqual({
        op: `${op.method} ${op.template}`,
        status: 401,
        error: 'UNAUTHENTICATED',
      });
      const wrong = await call(op.method, op.path, { body: {}, key: 'lb_not-a-real-key-at-all-000000000000' });
      expect(wrong.status).toBe(401);
    }
  });

  it('documents the key scheme on every protected operation', async () => {
    const doc = (await call<OpenApiDoc>('GET', '/docs-json')).body;
    expect(doc.components.securitySchemes['bearer']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes['api-key']).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-Api-Key',
    });
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const expected = path.startsWith('/health/') ? [] : [{ bearer: [] }, { 'api-key': [] }];
        expect({ route: `${method} ${path}`, security: op.security }).toEqual({
          route: `${method} ${path}`,
          security: expected,
        });
      }
    }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/companies',
        '/companies/{companyId}',
        '/companies/{companyId}/api-keys',
        '/companies/{companyId}/api-keys/{keyId}',
      ]),
    );
  });

  it('gives every documented field an example, and every protected route its error answers', async () => {
    const doc = (
      await call<
        OpenApiDoc & {
          components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> };
        }
      >('GET', '/docs-json')
    ).body;
    const missing = Object.entries(doc.components.schemas).flatMap(([schema, s]) =>
      Object.entries(s.properties ?? {})
        // A reference (or a list of them) takes its examples from the referenced schema.
        .filter(
          ([, p]) => !('$ref' in p) && !('allOf' in p) && !(p['type'] === 'array' && '$ref' in (p['items'] as object)),
        )
        .filter(([, p]) => !('example' in p))
        .map(([name]) => `${schema}.${name}`),
    );
    expect(missing).toEqual([]);
    for (const [path, item] of Object.entries(doc.paths)) {
      if (path.startsWith('/health/')) continue;
      for (const [method, op] of Object.entries(item) as Array<
        [string, { responses: Record<string, { content?: unknown }> }]
      >) {
        expect({ route: `${method} ${path}`, has401: '401' in op.responses, has403: '403' in op.responses }).toEqual({
          route: `${method} ${path}`,
          has401: true,
          has403: true,
        });
      }
    }
  });

  it('shows no real-looking credential in any example: secret fields hold obvious placeholders', async () => {
    const doc = (await call<Record<string, unknown>>('GET', '/docs-json')).body;
    const examples: Array<{ at: string; secret: boolean; value: string }> = [];
    // A field is flagged secret by its name or by OpenAPI's `format: password`; so is everything inside it.
    const secretName = /apikey|secret|token|password|credential/i;
    const collect = (value: unknown, at: string, secret: boolean): void => {
      if (typeof value === 'string') examples.push({ at, secret, value });
      else if (Array.isArray(value)) value.forEach((v, i) => collect(v, `${at}[${i}]`, secret));
      else if (value && typeof value === 'object')
        Object.entries(value).forEach(([k, v]) => collect(v, `${at}.${k}`, secret || secretName.test(k)));
    };
    const walk = (node: unknown, at: string, name: string): void => {
      if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${at}[${i}]`, name));
      else if (node && typeof node === 'object') {
        const schema = node as Record<string, unknown>;
        const secret = secretName.test(name) || schema['format'] === 'password';
        for (const [k, v] of Object.entries(schema)) {
          if (k === 'example') collect(v, `${at}.example`, secret);
          else walk(v, `${at}.${k}`, k);
        }
      }
    };
    walk(doc, '', '');
    expect(examples.length).toBeGreaterThan(50);
    expect(examples.filter((e) => e.secret).map((e) => e.at)).toEqual(
      expect.arrayContaining([
        '.components.schemas.IssuedApiKeyDto.properties.key.example',
        '.components.schemas.CreateConnectionDto.properties.credentials.example.apiKey',
        '.components.schemas.AuthorizeConnectionDto.properties.code.example',
      ]),
    );
    const placeholder = /EXAMPLE|^<[^>]+>$/;
    // Long, mixed-case and digits, no spaces: what a generated key or token looks like (dates and URLs aside).
    const randomLooking = (v: string) =>
      v.length >= 20 &&
      !/\s/.test(v) &&
      /[a-z]/.test(v) &&
      /[A-Z]/.test(v) &&
      /\d/.test(v) &&
      !/^https?:/.test(v) &&
      !/^\d{4}-\d{2}-\d{2}T/.test(v);
    expect(
      examples.filter(({ secret, value }) => (secret || randomLooking(value)) && !placeholder.test(value)),
    ).toEqual([]);
  });

  it('takes the key from Authorization: Bearer or from X-Api-Key', async () => {
    expect((await call('GET', '/companies', { key: admin() })).status).toBe(200);
    expect((await call('GET', '/companies', { key: admin(), keyHeader: 'x-api-key' })).status).toBe(200);
  });

  it('stops a revoked key at once, and never shows a key again after issuing it', async () => {
    const company = await newCompanyWithKey('Revoked ApS');
    expect((await call('GET', `/companies/${company.id}`, { key: company.key })).status).toBe(200);
    const listed = await call<Array<Record<string, unknown>>>('GET', `/companies/${company.id}/api-keys`, {
      key: admin(),
    });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(company.key);
    expect(listed.body[0]).not.toHaveProperty('key');
    const revoked = await call('DELETE', `/companies/${company.id}/api-keys/${company.keyId}`, { key: admin() });
    expect(revoked.status).toBe(200);
    expect(revoked.body['revokedAt']).toEqual(expect.any(String));
    expect((await call('GET', `/companies/${company.id}`, { key: company.key })).status).toBe(401);
  });

  it('records when a key was last used, through the worker process', async () => {
    const company = await newCompanyWithKey('Used ApS');
    await call('GET', `/companies/${company.id}`, { key: company.key });
    let lastUsedAt: unknown = null;
    for (let i = 0; i < 60 && !lastUsedAt; i++) {
      const keys = await call<Array<{ id: string; lastUsedAt: string | null }>>(
        'GET',
        `/companies/${company.id}/api-keys`,
        {
          key: admin(),
        },
      );
      lastUsedAt = keys.body.find((k) => k.id === company.keyId)?.lastUsedAt ?? null;
      if (!lastUsedAt) await new Promise((r) => setTimeout(r, 250));
    }
    expect(typeof lastUsedAt).toBe('string');
    expect(Date.now() - Date.parse(String(lastUsedAt))).toBeLessThan(5 * 60 * 1000);
  });
});
