import { e2eEnv } from './e2e-env';

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  key?: string;
  /** Send the key as X-Api-Key instead of Authorization: Bearer. */
  keyHeader?: 'bearer' | 'x-api-key';
  body?: unknown;
  rawBody?: string;
}

/** One HTTP call to the running host; the answer's JSON parsed when it is JSON. */
export async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = {};
  if (options.key) {
    if (options.keyHeader === 'x-api-key') headers['X-Api-Key'] = options.key;
    else headers['Authorization'] = `Bearer ${options.key}`;
  }
  let body: string | undefined;
  const mayHaveBody = method !== 'GET' && method !== 'HEAD';
  if (mayHaveBody && (options.rawBody !== undefined || options.body !== undefined)) {
    headers['Content-Type'] = 'application/json';
    body = options.rawBody ?? JSON.stringify(options.body);
  }
  const res = await fetch(`${e2eEnv().baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, body: (isJson && text ? JSON.parse(text) : text) as T, headers: res.headers };
}

export const admin = () => e2eEnv().adminKey;

let counter = 0;

/** Creates a company with the admin key, and a company key for it. */
export async function newCompanyWithKey(name = 'Test ApS'): Promise<{ id: string; key: string; keyId: string }> {
  counter += 1;
  const company = await call<{ id: string }>('POST', '/companies', {
    key: admin(),
    body: { name: `${name} ${counter}`, externalId: `e2e-${process.pid}-${Date.now()}-${counter}` },
  });
  if (company.status !== 201)
    throw new Error(`create company answered ${company.status}: ${JSON.stringify(company.body)}`);
  const key = await call<{ id: string; key: string }>('POST', `/companies/${company.body.id}/api-keys`, {
    key: admin(),
    body: { name: 'e2e' },
  });
  if (key.status !== 201) throw new Error(`issue key answered ${key.status}: ${JSON.stringify(key.body)}`);
  return { id: company.body.id, key: key.body.key, keyId: key.body.id };
}
