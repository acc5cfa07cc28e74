import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { newCredentialKeys } from '../connections/credential-cipher';
import { defineProviderPlugin } from '@ledgerbridge/connector-sdk';
import { ConfigurationError, loadConfig as loadWith } from './app-config';

// A provider of this spec's own, so the host's generic handling of provider settings is tested without a real one.
const built: Array<Record<string, string | undefined>> = [];
const acme = defineProviderPlugin({
  key: 'acme',
  settings: [
    { variable: 'ACME_API_URL', kind: 'url', default: 'https://api.acme.test', description: 'Acme API base' },
    { variable: 'ACME_REGION', kind: 'text', optional: true, description: 'Acme region' },
    { variable: 'ACME_CLIENT_ID', kind: 'text', description: "The integration's client id" },
    { variable: 'ACME_CLIENT_SECRET', kind: 'text', secret: true, description: "The integration's client secret" },
    { variable: 'ACME_WEBHOOK_URL', kind: 'url', secret: true, optional: true, description: 'Signed webhook URL' },
    { variable: 'ACME_RETRIES', kind: 'integer', min: 0, max: 9, optional: true, description: 'Retries' },
  ],
  module: (settings) => (built.push(settings), { module: class AcmeModule {} }),
});
const loadConfig = (env: Record<string, string | undefined>) => loadWith(env, [acme]);

const acmeKeys = { ACME_CLIENT_ID: 'acme-id', ACME_CLIENT_SECRET: 'acme-secret' };
const base = { REDIS_URL: 'redis://127.0.0.1:6379', CREDENTIALS_KEYS: newCredentialKeys('t1'), ...acmeKeys };

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigurationError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      port: 3000,
      dataDir: resolve('./data'),
      databaseUrl: undefined,
      role: 'all',
      adminApiKey: undefined,
      accountingProviders: undefined,
      logLevel: 'info',
      seedDemo: false,
    });
    expect(config.servesHttp && config.runsWorkers).toBe(true);
  });

  it('throttles 20 wrong keys a minute per address unless AUTH_FAILURES_PER_MINUTE says otherwise', () => {
    expect(loadConfig(base).authFailuresPerMinute).toBe(20);
    expect(loadConfig({ ...base, AUTH_FAILURES_PER_MINUTE: '5' }).authFailuresPerMinute).toBe(5);
    expect(problems({ ...base, AUTH_FAILURES_PER_MINUTE: '0' })).toEqual([
      'AUTH_FAILURES_PER_MINUTE must be 1 or more failed attempts (got "0")',
    ]);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...base,
      PORT: '8080',
      DATA_DIR: '/var/lib/lb',
      DATABASE_URL: 'postgres://u:p@db:5432/lb',
      ROLE: 'worker',
      ADMIN_API_KEY: 'x'.repeat(24),
      ACCOUNTING_PROVIDERS: ' acme , billy ',
      LOG_LEVEL: 'debug',
      SEED_DEMO: 'true',
    });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/var/lib/lb',
      databaseUrl: 'postgres://u:p@db:5432/lb',
      role: 'worker',
      accountingProviders: ['acme', 'billy'],
      logLevel: 'debug',
      seedDemo: true,
    });
    expect(config.servesHttp).toBe(false);
    expect(config.runsWorkers).toBe(true);
  });

  it('treats an empty ACCOUNTING_PROVIDERS as "mount none", unlike an unset one', () => {
    expect(loadConfig({ ...base, ACCOUNTING_PROVIDERS: '' }).accountingProviders).toEqual([]);
  });

  it('reports each bad variable once, by name', () => {
    expect(
      problems({ ...acmeKeys, CREDENTIALS_KEYS: base.CREDENTIALS_KEYS, PORT: '0', ROLE: 'root', SEED_DEMO: 'maybe' }),
    ).toEqual([
      'PORT must be a port number from 1 to 65535 (got "0")',
      'REDIS_URL is not set: it must be a redis:// URL (npm start and npm test start a private Redis when it is unset)',
      'ROLE must be one of api, worker, all (got "root")',
      'SEED_DEMO must be true or false (got "maybe")',
    ]);
  });

  it("bounds the shutdown grace period and the worker's wait for the schema, 25 s and 120 s unless told", () => {
    expect(loadConfig(base)).toMatchObject({ shutdownGraceSeconds: 25, workerSchemaWaitSeconds: 120 });
    expect(loadConfig({ ...base, SHUTDOWN_GRACE_SECONDS: '5', WORKER_SCHEMA_WAIT_SECONDS: '0' })).toMatchObject({
      shutdownGraceSeconds: 5,
      workerSchemaWaitSeconds: 0,
    });
    expect(problems({ ...base, SHUTDOWN_GRACE_SECONDS: '0', WORKER_SCHEMA_WAIT_SECONDS: 'soon' })).toEqual([
      'SHUTDOWN_GRACE_SECONDS must be from 1 to 3600 seconds (got "0")',
      'WORKER_SCHEMA_WAIT_SECONDS must be 0 (refuse at once) or more seconds (got "soon")',
    ]);
  });

  it('follows exported documents at the provider every 60 s unless told, from 1 to 3600 s', () => {
    expect(loadConfig(base)).toMatchObject({ exportStatusSeconds: 60 });
    expect(loadConfig({ ...base, EXPORT_STATUS_SECONDS: '2' })).toMatchObject({ exportStatusSeconds: 2 });
    expect(problems({ ...base, EXPORT_STATUS_SECONDS: '0' })).toEqual([
      'EXPORT_STATUS_SECONDS must be from 1 to 3600 seconds (got "0")',
    ]);
    expect(problems({ ...base, EXPORT_STATUS_SECONDS: '3601' })).toEqual([
      'EXPORT_STATUS_SECONDS must be from 1 to 3600 seconds (got "3601")',
    ]);
  });

  it('sweeps pending exports every 30 s and leases an export for 60 s unless told, within bounds', () => {
    expect(loadConfig(base)).toMatchObject({ exportSweepSeconds: 30, exportLeaseSeconds: 60 });
    expect(loadConfig({ ...base, EXPORT_SWEEP_SECONDS: '2', EXPORT_LEASE_SECONDS: '10' })).toMatchObject({
      exportSweepSeconds: 2,
      exportLeaseSeconds: 10,
    });
    expect(problems({ ...base, EXPORT_SWEEP_SECONDS: '0', EXPORT_LEASE_SECONDS: '1' })).toEqual([
      'EXPORT_SWEEP_SECONDS must be from 1 to 3600 seconds (got "0")',
      'EXPORT_LEASE_SECONDS must be from 5 to 3600 seconds (got "1")',
    ]);
  });

  it('runs 4 jobs at once per worker process unless told, from 1 to 256', () => {
    expect(loadConfig(base).workerConcurrency).toBe(4);
    expect(loadConfig({ ...base, WORKER_CONCURRENCY: '64' }).workerConcurrency).toBe(64);
    expect(problems({ ...base, WORKER_CONCURRENCY: '0' })).toEqual([
      'WORKER_CONCURRENCY must be a whole number of jobs from 1 to 256 (got "0")',
    ]);
    expect(problems({ ...base, WORKER_CONCURRENCY: '2.5' })).toEqual([
      'WORKER_CONCURRENCY must be a whole number of jobs from 1 to 256 (got "2.5")',
    ]);
  });

  it('opens 10 PostgreSQL connections for ROLE=api, as many as the job slots (10 to 50) where workers run, or DATABASE_POOL_SIZE', () => {
    expect(loadConfig({ ...base, ROLE: 'api', WORKER_CONCURRENCY: '64' }).databasePoolSize).toBe(10);
    expect(loadConfig({ ...base, ROLE: 'worker' }).databasePoolSize).toBe(10);
    expect(loadConfig({ ...base, ROLE: 'worker', WORKER_CONCURRENCY: '32' }).databasePoolSize).toBe(32);
    expect(loadConfig({ ...base, ROLE: 'all', WORKER_CONCURRENCY: '256' }).databasePoolSize).toBe(50);
    expect(loadConfig({ ...base, ROLE: 'worker', DATABASE_POOL_SIZE: '5' }).databasePoolSize).toBe(5);
    expect(problems({ ...base, DATABASE_POOL_SIZE: '0' })).toEqual([
      'DATABASE_POOL_SIZE must be a whole number of connections from 1 to 200 (got "0")',
    ]);
  });

  it('never shows the value of a secret variable', () => {
    const found = problems({
      ...base,
      DATABASE_URL: 'mysql://root:hunter2@db/lb',
      ADMIN_API_KEY: 'hunter2',
      REDIS_URL: 'http://hunter2',
    });
    expect(found).toHaveLength(3);
    expect(found.join('\n')).not.toContain('hunter2');
    expect(found.every((p) => p.endsWith('(value hidden)'))).toBe(true);
  });

  it('generates credential keys once into DATA_DIR outside production, and every process then shares them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lb-config-'));
    const env = { ...acmeKeys, REDIS_URL: base.REDIS_URL, DATA_DIR: dir };
    const first = loadConfig(env).credentialKeys;
    const second = loadConfig(env).credentialKeys;
    expect(first).toHaveLength(1);
    expect(second[0].key.equals(first[0].key)).toBe(true);
    expect(statSync(join(dir, 'credentials-keys')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'credentials-keys'), 'utf8')).toMatch(/^dev1:/);
  });

  it('demands CREDENTIALS_KEYS in production, and names a bad one without showing it', () => {
    expect(problems({ ...acmeKeys, REDIS_URL: base.REDIS_URL, NODE_ENV: 'production' })[0]).toMatch(
      /^CREDENTIALS_KEYS is not set/,
    );
    const found = problems({ ...acmeKeys, REDIS_URL: base.REDIS_URL, CREDENTIALS_KEYS: 'k1:c2hvcnQ=' });
    expect(found).toEqual([
      'CREDENTIALS_KEYS each entry must be "id:base64 of 32 random bytes", e.g. k1:… (value hidden)',
    ]);
  });

  it("validates a mounted provider's declared settings, applying defaults, and hands them over by provider key", () => {
    expect(loadConfig(base).providerSettings).toEqual({
      acme: {
        ACME_API_URL: 'https://api.acme.test',
        ACME_REGION: undefined,
        ACME_CLIENT_ID: 'acme-id',
        ACME_CLIENT_SECRET: 'acme-secret',
        ACME_WEBHOOK_URL: undefined,
        ACME_RETRIES: undefined,
      },
    });
    expect(
      loadConfig({ ...base, ACME_API_URL: 'http://127.0.0.1:3100' }).providerSettings['acme']?.['ACME_API_URL'],
    ).toBe('http://127.0.0.1:3100');
  });

  it('names a missing or bad provider setting among the other problems, never showing a secret value', () => {
    const found = problems({
      ...base,
      PORT: 'x',
      ACME_CLIENT_SECRET: undefined,
      ACME_API_URL: 'ftp://acme',
      ACME_WEBHOOK_URL: 'not a url secret-ish',
    });
    expect(found).toEqual([
      expect.stringMatching(/^PORT /),
      'ACME_API_URL must be an http(s) URL (got "ftp://acme")',
      "ACME_CLIENT_SECRET is not set: the acme provider needs it (The integration's client secret)",
      'ACME_WEBHOOK_URL must be an http(s) URL (value hidden)',
    ]);
    expect(found.join('\n')).not.toContain('secret-ish');
  });

  it('takes a whole-number provider setting within its bounds only, naming the bounds', () => {
    expect(loadConfig({ ...base, ACME_RETRIES: ' 0 ' }).providerSettings['acme']?.['ACME_RETRIES']).toBe('0');
    expect(loadConfig({ ...base, ACME_RETRIES: '9' }).providerSettings['acme']?.['ACME_RETRIES']).toBe('9');
    for (const bad of ['10', '-1', '1.5', '1e0', 'three'])
      expect(problems({ ...base, ACME_RETRIES: bad })).toEqual([
        `ACME_RETRIES must be a whole number from 0 to 9 (got ${JSON.stringify(bad)})`,
      ]);
  });

  it('hands Dinero DINERO_REQUEST_TIMEOUT_SECONDS, 30 unless told, refusing anything but 1 to 300 whole seconds', () => {
    const dinero = { ...base, DINERO_CLIENT_ID: 'partner-id', DINERO_CLIENT_SECRET: 'partner-secret' };
    const timeoutOf = (env: Record<string, string | undefined>) =>
      loadWith(env).providerSettings['dinero']?.['DINERO_REQUEST_TIMEOUT_SECONDS'];
    expect(timeoutOf(dinero)).toBe('30');
    expect(timeoutOf({ ...dinero, DINERO_REQUEST_TIMEOUT_SECONDS: '1' })).toBe('1');
    expect(timeoutOf({ ...dinero, DINERO_REQUEST_TIMEOUT_SECONDS: '300' })).toBe('300');
    for (const bad of ['0', '301', '2.5', '30s', '-5']) {
      let refused: string[] = [];
      try {
        loadWith({ ...dinero, DINERO_REQUEST_TIMEOUT_SECONDS: bad });
      } catch (err) {
        refused = (err as ConfigurationError).problems;
      }
      expect(refused).toEqual([
        `DINERO_REQUEST_TIMEOUT_SECONDS must be a whole number from 1 to 300 seconds (got ${JSON.stringify(bad)})`,
      ]);
    }
  });

  it('asks nothing of a provider that is not mounted', () => {
    const config = loadConfig({
      REDIS_URL: base.REDIS_URL,
      CREDENTIALS_KEYS: base.CREDENTIALS_KEYS,
      ACCOUNTING_PROVIDERS: '',
    });
    expect(config.providerSettings).toEqual({});
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ ...base, SOMETHING_ELSE: '1' })).not.toThrow();
  });
});
