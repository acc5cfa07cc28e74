import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { dropPostgresDatabase, freshPostgresDatabase, listTables } from './test-support/database';
import { e2eEnv } from './test-support/e2e-env';
import { ADMIN_KEY } from './test-support/global-setup';
import {
  freePort,
  RunningHost,
  runHostToExit,
  runToExit,
  startHost,
  startMigrate,
  stopHost,
  waitForOutput,
  waitForReady,
} from './test-support/host-process';
import { newOrganization, sandbox } from './test-support/sandbox';

// Processes of this suite use their own Redis database, so the suite-wide worker never takes their jobs.
const REDIS_DB = 7;

interface Target {
  databaseUrl?: string;
  dataDir: string;
  drop: () => Promise<void>;
}

/** An empty database of the kind this run uses: a fresh SQLite folder, or a fresh PostgreSQL database. */
async function emptyDatabase(): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lb-e2e-prod-'));
  const server = e2eEnv().databaseUrl;
  if (!server) return { dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  const db = await freshPostgresDatabase(server);
  return {
    databaseUrl: db.url,
    dataDir,
    drop: async () => {
      await dropPostgresDatabase(server, db.name);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function redisUrl(): string {
  const url = new URL(e2eEnv().redisUrl);
  url.pathname = `/${REDIS_DB}`;
  return url.toString();
}

function hostEnv(target: Target, extra: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    REDIS_URL: redisUrl(),
    DATABASE_URL: target.databaseUrl,
    DATA_DIR: target.dataDir,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'warn',
    SYNC_INTERVAL_MINUTES: '0',
    ...e2eEnv().dineroEnv,
    ...extra,
  };
}

function exited(host: RunningHost): Promise<number | null> {
  if (host.process.exitCode !== null) return Promise.resolve(host.process.exitCode);
  return new Promise((resolve) => host.process.once('exit', (code) => resolve(code)));
}

async function json<T>(
  baseUrl: string,
  method: string,
  path: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

describe('production processes', () => {
  const running: RunningHost[] = [];
  const targets: Target[] = [];

  beforeAll(async () => {
    const redis = new Redis(redisUrl());
    await redis.flushdb();
    redis.disconnect();
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map(stopHost));
    await Promise.all(targets.splice(0).map((target) => target.drop()));
  });

  async function target(): Promise<Target> {
    const t = await emptyDatabase();
    targets.push(t);
    return t;
  }

  it('a worker never migrates: on an empty database it waits, creates no table, and starts once `npm run migrate` ran', async () => {
    const db = await target();
    const worker = startHost(hostEnv(db, { ROLE: 'worker' }));
    running.push(worker);
    await waitForOutput(worker, 'a worker never migrates');
    // Past one more poll of the schema: still waiting, and the database is as empty as it was.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(worker.output()).not.toContain('worker is running');
    expect(await listTables(db)).toEqual([]);

    const migrate = await runToExit(startMigrate(hostEnv(db)));
    expect(migrate).toMatchObject({
      code: 0,
      output: expect.stringMatching(/Ran \d+ migration\(s\) on .*CompaniesAndApiKeys/),
    });
    expect(await listTables(db)).toEqual(expect.arrayContaining(['companies', 'connections', 'migrations']));
    await waitForOutput(worker, 'worker is running', 15000);

    const again = await runToExit(startMigrate(hostEnv(db)));
    expect(again).toMatchObject({ code: 0, output: expect.stringContaining('No pending migrations') });
  });

  it('a worker told not to wait refuses an unmigrated database with exit 1, naming the fix, and creates no table', async () => {
    const db = await target();
    const { code, output } = await runHostToExit(hostEnv(db, { ROLE: 'worker', WORKER_SCHEMA_WAIT_SECONDS: '0' }));
    expect(code).toBe(1);
    expect(output).toContain('A worker never migrates: run `npm run migrate` or start the api (ROLE=api) first.');
    expect(await listTables(db)).toEqual([]);
  });

  it('`npm run migrate` exits 1 when the database cannot be reached', async () => {
    const db = await target();
    const { code, output } = await runToExit(
      startMigrate(hostEnv(db, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' })),
    );
    expect(code).toBe(1);
    expect(output).toContain('Migration failed');
  });

  describe('SIGTERM', () => {
    let baseUrl = '';
    let api: RunningHost;
    let db: Target;

    async function connectedCompanyWithSlowAccounts(latencyMs: number) {
      const company = await json<{ id: string }>(baseUrl, 'POST', '/companies', ADMIN_KEY, {
        name: `Shutdown ApS ${Date.now()}`,
      });
      const key = await json<{ key: string }>(baseUrl, 'POST', `/companies/${company.body.id}/api-keys`, ADMIN_KEY, {
        name: 'e2e',
      });
      const org = await newOrganization();
      await sandbox('PUT', `/organizations/${org.id}/faults`, {
        rules: [{ kind: 'latency', latencyMs, pathContains: 'accounts' }],
      });
      const connection = await json<{ id: string; lastSyncJobId: string }>(
        baseUrl,
        'POST',
        `/companies/${company.body.id}/connections`,
        key.body.key,
        {
          provider: 'dinero',
          organizationId: org.id,
          method: 'api_key',
          credentials: { apiKey: org.apiKey },
        },
      );
      expect(connection.status).toBe(201);
      const jobPath = `/companies/${company.body.id}/connections/${connection.body.id}/sync/${encodeURIComponent(connection.body.lastSyncJobId)}`;
      return { companyId: company.body.id, key: key.body.key, jobPath, organizationId: org.id };
    }

    async function waitForState(jobPath: string, key: string, state: string, timeoutMs = 20000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const job = await json<{ state: string }>(baseUrl, 'GET', jobPath, key);
        if (job.body.state === state) return;
        if (Date.now() > deadline) throw new Error(`the job stayed ${job.body.state}, not ${state}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    // One api (which migrates its empty database at start) for these tests; the last one stops it.
    beforeAll(async () => {
      db = await emptyDatabase();
      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      api = startHost(hostEnv(db, { ROLE: 'api', PORT: String(port) }));
      await waitForReady(baseUrl, api);
    });

    afterAll(async () => {
      await stopHost(api);
      await db.drop();
    });

    it('lets the worker finish the job in flight, then exit 0 within the grace period', async () => {
      const worker = startHost(hostEnv(db, { ROLE: 'worker', SHUTDOWN_GRACE_SECONDS: '20' }));
      running.push(worker);
      await waitForOutput(worker, 'worker is running');
      const { key, jobPath } = await connectedCompanyWithSlowAccounts(1500);
      await waitForState(jobPath, key, 'active');

      const started = Date.now();
      worker.process.kill('SIGTERM');
      expect(await exited(worker)).toBe(0);
      expect(Date.now() - started).toBeLessThan(20000);
      expect(worker.output()).toContain('finishing in-flight work');
      // No other worker reads this Redis database: the job can only have completed in the one that stopped.
      const job = await json<{ state: string; result: { accounts?: number } }>(baseUrl, 'GET', jobPath, key);
      expect(job.body).toMatchObject({ state: 'completed', result: { accounts: expect.any(Number) } });
    });

    it('exits 1 at the deadline when a job outlasts SHUTDOWN_GRACE_SECONDS', async () => {
      const worker = startHost(hostEnv(db, { ROLE: 'worker', SHUTDOWN_GRACE_SECONDS: '1' }));
      running.push(worker);
      await waitForOutput(worker, 'worker is running');
      const { key, jobPath } = await connectedCompanyWithSlowAccounts(8000);
      await waitForState(jobPath, key, 'active');

      const started = Date.now();
      worker.process.kill('SIGTERM');
      expect(await exited(worker)).toBe(1);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(worker.output()).toContain('did not finish within SHUTDOWN_GRACE_SECONDS=1');
    });

    it('lets the api answer a request in flight, then exit 0', async () => {
      const worker = startHost(hostEnv(db, { ROLE: 'worker' }));
      running.push(worker);
      await waitForOutput(worker, 'worker is running');
      const { companyId, key, jobPath, organizationId } = await connectedCompanyWithSlowAccounts(0);
      await waitForState(jobPath, key, 'completed');
      await sandbox('PUT', `/organizations/${organizationId}/faults`, {
        rules: [{ kind: 'latency', latencyMs: 1500, pathContains: 'accounts' }],
      });
      // Setup options read the deposit accounts live from Dinero: slow, under the latency fault.
      const inFlight = json<unknown>(baseUrl, 'GET', `/companies/${companyId}/setup/options`, key);
      await new Promise((resolve) => setTimeout(resolve, 300));
      api.process.kill('SIGTERM');
      expect((await inFlight).status).toBe(200);
      expect(await exited(api)).toBe(0);
      await expect(fetch(`${baseUrl}/health/live`)).rejects.toThrow();
    });
  });
});
