import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { e2eEnv } from './test-support/e2e-env';
import { RunningHost, freePort, startHost, stopHost, waitForReady } from './test-support/host-process';

const ADMIN = 'throttle-test-admin-key-0123456789';
const LIMIT = 5;

/** A Redis database of its own, so this suite's blocks never reach the shared host's clients. */
function ownRedisDatabase(redisUrl: string): string {
  const url = new URL(redisUrl);
  url.pathname = '/7';
  return url.toString();
}

async function get(
  baseUrl: string,
  key?: string,
): Promise<{ status: number; retryAfter: string | null; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}/companies`, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

describe('failed-authentication throttle', () => {
  const hosts: RunningHost[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    const env = e2eEnv();
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const host = startHost({
        REDIS_URL: ownRedisDatabase(env.redisUrl),
        DATABASE_URL: env.databaseUrl,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'lb-throttle-')),
        PORT: String(port),
        ROLE: 'api',
        ADMIN_API_KEY: ADMIN,
        LOG_LEVEL: 'warn',
        AUTH_FAILURES_PER_MINUTE: String(LIMIT),
        ...env.dineroEnv,
      });
      hosts.push(host);
      urls.push(`http://127.0.0.1:${port}`);
      // One after the other: the first migrates a shared PostgreSQL before the second starts.
      await waitForReady(urls[i], host);
    }
  }, 120000);

  afterAll(async () => {
    await Promise.all(hosts.map(stopHost));
  });

  it('answers 429 with Retry-After once an address has sent too many wrong keys, counted across processes', async () => {
    const [a, b] = urls;
    const answers: number[] = [];
    for (let i = 0; i < LIMIT; i++)
      answers.push((await get(i % 2 ? b : a, `lb_wrong-key-${i}-000000000000000000000`)).status);
    expect(answers).toEqual(Array(LIMIT).fill(401));

    const blocked = await get(a, 'lb_wrong-key-one-too-many-0000000000000');
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ statusCode: 429, error: 'RATE_LIMITED', requestId: expect.any(String) });
    expect(Number(blocked.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(blocked.retryAfter)).toBeLessThanOrEqual(60);
    // The other process reads the same count.
    expect((await get(b, 'lb_wrong-key-on-the-other-process-00000')).status).toBe(429);

    // A good key from the blocked address is neither refused nor slowed.
    const started = performance.now();
    expect((await get(a, ADMIN)).status).toBe(200);
    expect((await get(b, ADMIN)).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
    // A request without a key is not an attempt at guessing one: it is told what to send.
    expect((await get(a)).status).toBe(401);
  });
});
