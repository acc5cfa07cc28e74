import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshPostgresDatabase } from './database';
import { E2E_ENV_VARIABLE, E2eEnv } from './e2e-env';
import { RunningHost, freePort, startHost, startSandbox, stopHost, waitForOutput, waitForReady } from './host-process';
import { startService } from './services';

export const ADMIN_KEY = 'e2e-admin-key-0123456789abcdefghij';

interface SetupState {
  hosts: RunningHost[];
  workDir: string;
  startedRedis: boolean;
  database?: { adminUrl: string; name: string };
}

/**
 * Boots the host the way production runs it: one API process (ROLE=api) and one worker process (ROLE=worker)
 * against a real Redis and a real database (SQLite file, or PostgreSQL when DATABASE_URL is set).
 */
export default async function globalSetup(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'lb-e2e-'));
  const state: SetupState = { hosts: [], workDir, startedRedis: false };
  const redisUrl = process.env['REDIS_URL'] || startService('redis', join(workDir, 'redis'));
  state.startedRedis = !process.env['REDIS_URL'];

  let databaseUrl: string | undefined;
  if (process.env['DATABASE_URL']) {
    const db = await freshPostgresDatabase(process.env['DATABASE_URL']);
    databaseUrl = db.url;
    state.database = { adminUrl: process.env['DATABASE_URL'], name: db.name };
  }

  const port = await freePort();
  const sandboxPort = await freePort();
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const dataDir = join(workDir, 'data');
  // A short rate window with Retry-After lets the 429 storm pass in seconds; the seed's integration is the host's client.
  const sandbox = startSandbox({
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_RATE_WINDOW_SECONDS: '3',
    SANDBOX_RETRY_AFTER: 'true',
    SANDBOX_LOG: 'false',
  });
  state.hosts.push(sandbox);
  const dineroEnv = {
    DINERO_API_URL: sandboxUrl,
    DINERO_TOKEN_URL: `${sandboxUrl}/dineroapi/oauth/token`,
    VISMA_CONNECT_URL: sandboxUrl,
    DINERO_CLIENT_ID: 'sandbox-client',
    DINERO_CLIENT_SECRET: 'sandbox-secret',
  };
  const common = {
    REDIS_URL: redisUrl,
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'warn',
    SYNC_INTERVAL_MINUTES: '0',
    // The suites send many wrong keys on purpose; auth-throttle.e2e-spec.ts tests the limit on hosts of its own.
    AUTH_FAILURES_PER_MINUTE: '100000',
    // Exports stay `exported` while suites check them; export-status.e2e-spec.ts runs a worker that follows status.
    EXPORT_STATUS_SECONDS: '3600',
    ...dineroEnv,
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(sandboxUrl, sandbox, 60000, '/_sandbox/state');
    // API and worker in two different, non-UTC zones: a stored time must mean one instant whatever the host's zone.
    const api = startHost({ ...common, PORT: String(port), ROLE: 'api', TZ: 'Pacific/Auckland' });
    state.hosts.push(api);
    await waitForReady(baseUrl, api);
    // The worker starts after the API has migrated the database.
    const worker = startHost({ ...common, ROLE: 'worker', TZ: 'America/New_York' });
    state.hosts.push(worker);
    await waitForOutput(worker, 'worker is running');
  } catch (err) {
    await Promise.all(state.hosts.map(stopHost));
    throw err;
  }

  const env: E2eEnv = { baseUrl, adminKey: ADMIN_KEY, redisUrl, databaseUrl, dataDir, sandboxUrl, dineroEnv };
  process.env[E2E_ENV_VARIABLE] = JSON.stringify(env);
  (globalThis as { __LB_E2E__?: SetupState }).__LB_E2E__ = state;
}

export type { SetupState };
