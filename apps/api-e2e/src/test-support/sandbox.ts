import { e2eEnv } from './e2e-env';

/** Calls the local Dinero's control surface (/_sandbox), as a test or an accountant would. */
export async function sandbox<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${e2eEnv().sandboxUrl}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sandbox ${method} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

let orgCounter = 0;

/** A fresh paid organization with the standard chart (or a generated one of `chartSize`) and an API key. */
export async function newOrganization(
  options: { chartSize?: number; paid?: boolean } = {},
): Promise<{ id: string; apiKey: string }> {
  orgCounter += 1;
  const apiKey = `e2e-key-${process.pid}-${Date.now()}-${orgCounter}`;
  const org = await sandbox<{ Id?: number; id?: number }>('POST', '/organizations', {
    name: `E2E Org ${orgCounter}`,
    paid: options.paid ?? true,
    apiKey,
    ...(options.chartSize && { chartSize: options.chartSize }),
  });
  return { id: String(org.Id ?? org.id), apiKey };
}

/**
 * A personal-integration access token for an organization's API key, with the seed integration (the host's own
 * client id), so the calls it makes spend the same quota the host's do.
 */
export async function sandboxToken(apiKey: string, baseUrl = e2eEnv().sandboxUrl): Promise<string> {
  const res = await fetch(`${baseUrl}/dineroapi/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from('sandbox-client:sandbox-secret').toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'password', scope: 'read write', username: apiKey, password: apiKey }),
  });
  if (!res.ok) throw new Error(`the sandbox's token endpoint answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Calls the local Dinero's API for an organization with its API key, as another integration would. */
export async function dinero<T = unknown>(
  org: { id: string; apiKey: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const token = await sandboxToken(org.apiKey);
  const res = await fetch(`${e2eEnv().sandboxUrl}/v1/${org.id}/${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`Dinero ${method} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Spends the organization's whole request quota with the host's client id, so the next calls get 429. */
export async function exhaustQuota(organizationId: string, apiKey: string): Promise<number> {
  const token = await sandboxToken(apiKey);
  let refused = 0;
  for (let i = 0; i < 130; i++) {
    const res = await fetch(`${e2eEnv().sandboxUrl}/v1/${organizationId}/vatTypes`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (res.status === 429) refused += 1;
  }
  return refused;
}
