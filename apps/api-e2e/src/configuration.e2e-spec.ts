import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { e2eEnv } from './test-support/e2e-env';
import { runHostToExit } from './test-support/host-process';

/** A configuration that would start, apart from the one variable each case breaks. */
function goodEnv(): Record<string, string | undefined> {
  const env = e2eEnv();
  return {
    REDIS_URL: env.redisUrl,
    DATABASE_URL: env.databaseUrl,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'lb-config-')),
    PORT: '1',
    ADMIN_API_KEY: 'config-test-admin-key-0123456789',
    ...env.dineroEnv,
  };
}

describe('configuration', () => {
  it.each([
    ['PORT', 'abc', /PORT must be a port number from 1 to 65535 \(got "abc"\)/],
    ['ROLE', 'boss', /ROLE must be one of api, worker, all \(got "boss"\)/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must be a postgres:\/\/ URL/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    [
      'DINERO_REQUEST_TIMEOUT_SECONDS',
      '0',
      /DINERO_REQUEST_TIMEOUT_SECONDS must be a whole number from 1 to 300 seconds \(got "0"\)/,
    ],
    ['DINERO_CALL_BUDGET', 'api_key=0', /DINERO_CALL_BUDGET must be a number of requests .* \(got "api_key=0"\)/],
    [
      'ACCOUNTING_PROVIDERS',
      'no-such-provider',
      /ACCOUNTING_PROVIDERS names an unknown provider "no-such-provider"; known providers:/,
    ],
  ])('stops with a message naming %s when it is %p', async (name, value, expected) => {
    const { code, output } = await runHostToExit({ ...goodEnv(), [name]: value });
    expect(code).toBe(1);
    expect(output).toMatch(expected);
    expect(output).not.toMatch(/^\s+at /m);
  });

  it('names a missing REDIS_URL', async () => {
    const { code, output } = await runHostToExit({ ...goodEnv(), REDIS_URL: undefined });
    expect(code).toBe(1);
    expect(output).toContain('REDIS_URL is not set: it must be a redis:// URL');
  });

  it('names the Dinero client id when the dinero provider is mounted without it', async () => {
    const { code, output } = await runHostToExit({ ...goodEnv(), DINERO_CLIENT_ID: undefined });
    expect(code).toBe(1);
    expect(output).toContain('DINERO_CLIENT_ID is not set');
    expect(output).not.toMatch(/^\s+at /m);
  });

  it("validates the mounted provider's own settings, naming a bad URL", async () => {
    const { code, output } = await runHostToExit({ ...goodEnv(), DINERO_API_URL: 'not a url' });
    expect(code).toBe(1);
    expect(output).toContain('DINERO_API_URL must be an http(s) URL (got "not a url")');
  });

  it('lists every bad variable at once, and never prints a secret value', async () => {
    const secret = 'short-secret';
    const { code, output } = await runHostToExit({ ...goodEnv(), ADMIN_API_KEY: secret, PORT: '70000' });
    expect(code).toBe(1);
    expect(output).toContain('ADMIN_API_KEY must be at least 24 characters long (value hidden)');
    expect(output).toMatch(/PORT must be a port number from 1 to 65535/);
    expect(output).not.toContain(secret);
  });
});
