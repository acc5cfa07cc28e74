import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { newCredentialKeys } from '../connections/credential-cipher';
import { ConfigurationError, loadConfig } from './app-config';

const base = { REDIS_URL: 'redis://127.0.0.1:6379', CREDENTIALS_KEYS: newCredentialKeys('t1') };

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

  it('reads every variable', () => {
    const config = loadConfig({
      ...base,
      PORT: '8080',
      DATA_DIR: '/var/lib/lb',
      DATABASE_URL: 'postgres://u:p@db:5432/lb',
      ROLE: 'worker',
      ADMIN_API_KEY: 'x'.repeat(24),
      ACCOUNTING_PROVIDERS: ' dinero , billy ',
      LOG_LEVEL: 'debug',
      SEED_DEMO: 'true',
    });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/var/lib/lb',
      databaseUrl: 'postgres://u:p@db:5432/lb',
      role: 'worker',
      accountingProviders: ['dinero', 'billy'],
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
    expect(problems({ CREDENTIALS_KEYS: base.CREDENTIALS_KEYS, PORT: '0', ROLE: 'root', SEED_DEMO: 'maybe' })).toEqual([
      'PORT must be a port number from 1 to 65535 (got "0")',
      'REDIS_URL is not set: it must be a redis:// URL (npm start and npm test start a private Redis when it is unset)',
      'ROLE must be one of api, worker, all (got "root")',
      'SEED_DEMO must be true or false (got "maybe")',
    ]);
  });

  it('bounds the shutdown grace period and the worker\'s wait for the schema, 25 s and 120 s unless told', () => {
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

  it('never shows the value of a secret variable', () => {
    const found = problems({ ...base, DATABASE_URL: 'mysql://root:hunter2@db/lb', ADMIN_API_KEY: 'hunter2', REDIS_URL: 'http://hunter2' });
    expect(found).toHaveLength(3);
    expect(found.join('\n')).not.toContain('hunter2');
    expect(found.every((p) => p.endsWith('(value hidden)'))).toBe(true);
  });

  it('generates credential keys once into DATA_DIR outside production, and every process then shares them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lb-config-'));
    const env = { REDIS_URL: base.REDIS_URL, DATA_DIR: dir };
    const first = loadConfig(env).credentialKeys;
    const second = loadConfig(env).credentialKeys;
    expect(first).toHaveLength(1);
    expect(second[0].key.equals(first[0].key)).toBe(true);
    expect(statSync(join(dir, 'credentials-keys')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'credentials-keys'), 'utf8')).toMatch(/^dev1:/);
  });

  it('demands CREDENTIALS_KEYS in production, and names a bad one without showing it', () => {
    expect(problems({ REDIS_URL: base.REDIS_URL, NODE_ENV: 'production' })[0]).toMatch(/^CREDENTIALS_KEYS is not set/);
    const found = problems({ REDIS_URL: base.REDIS_URL, CREDENTIALS_KEYS: 'k1:c2hvcnQ=' });
    expect(found).toEqual(['CREDENTIALS_KEYS each entry must be "id:base64 of 32 random bytes", e.g. k1:… (value hidden)']);
  });

  it('points the Dinero plugin at the real Dinero unless told otherwise', () => {
    expect(loadConfig(base).dinero).toEqual({
      apiUrl: 'https://api.dinero.dk',
      tokenUrl: 'https://authz.dinero.dk/dineroapi/oauth/token',
      vismaConnectUrl: 'https://connect.visma.com',
      clientId: undefined,
      clientSecret: undefined,
    });
    expect(loadConfig({ ...base, DINERO_API_URL: 'http://127.0.0.1:3100' }).dinero.apiUrl).toBe('http://127.0.0.1:3100');
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ ...base, SOMETHING_ELSE: '1' })).not.toThrow();
  });
});
