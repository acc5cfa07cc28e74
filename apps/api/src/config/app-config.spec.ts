import { resolve } from 'node:path';
import { ConfigurationError, loadConfig } from './app-config';

const base = { REDIS_URL: 'redis://127.0.0.1:6379' };

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
    expect(problems({ PORT: '0', ROLE: 'root', SEED_DEMO: 'maybe' })).toEqual([
      'PORT must be a port number from 1 to 65535 (got "0")',
      'REDIS_URL is not set: it must be a redis:// URL (npm start and npm test start a private Redis when it is unset)',
      'ROLE must be one of api, worker, all (got "root")',
      'SEED_DEMO must be true or false (got "maybe")',
    ]);
  });

  it('never shows the value of a secret variable', () => {
    const found = problems({ DATABASE_URL: 'mysql://root:hunter2@db/lb', ADMIN_API_KEY: 'hunter2', REDIS_URL: 'http://hunter2' });
    expect(found).toHaveLength(3);
    expect(found.join('\n')).not.toContain('hunter2');
    expect(found.every((p) => p.endsWith('(value hidden)'))).toBe(true);
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ ...base, SOMETHING_ELSE: '1' })).not.toThrow();
  });
});
