import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { dropPostgresDatabase, freshPostgresDatabase } from '../database';
import { e2eEnv } from '../e2e-env';
import { RunningHost, freePort, startHost, stopHost, waitForOutput, waitForReady } from '../host-process';
import { startService, stopService } from '../services';

export const CHAOS_ADMIN_KEY = 'chaos-admin-key-0123456789abcdefghij';
const WORKER_READY = 'worker is running';

// Every process and service a stack started, so an exiting test process can kill what afterAll did not reach.
const live = new Set<ChaosStack>();
let exitHookInstalled = false;

/** Kills every process of every stack still running, synchronously: safe inside process.on('exit'). */
export function killEverythingSync(): void {
  for (const stack of live) stack.killSync();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killEverythingSync);
}

export interface ChaosStackOptions {
  workers: number;
  /** Extra host environment for the API and the workers (pacing, lease, sweeper settings of the pipeline). */
  env?: Record<string, string>;
}

/**
 * A private LedgerBridge for one chaos run: its own Redis (so FLUSHALL touches no other suite), its own database
 * (a SQLite file, or a fresh PostgreSQL database when the suite runs on PostgreSQL), one ROLE=api process and K
 * ROLE=worker processes of the built host, all against the suite's sandbox.
 */
export class ChaosStack {
  readonly workers: RunningHost[] = [];
  /** Every process this stack ever started, for the "nothing left behind" check and the exit hook. */
  private readonly started: RunningHost[] = [];
  api!: RunningHost;
  baseUrl = '';
  readonly redisUrl: string;
  private readonly workDir: string;
  private readonly env: Record<string, string | undefined>;
  private database?: { serverUrl: string; name: string };
  private stopped = false;

  private constructor(
    workDir: string,
    redisUrl: string,
    env: Record<string, string | undefined>,
    database?: { serverUrl: string; name: string },
  ) {
    this.workDir = workDir;
    this.redisUrl = redisUrl;
    this.env = env;
    this.database = database;
  }

  static async start(options: ChaosStackOptions): Promise<ChaosStack> {
    installExitHook();
    const suite = e2eEnv();
    const workDir = mkdtempSync(join(tmpdir(), 'lb-chaos-'));
    const redisUrl = startService('redis', join(workDir, 'redis'));
    let database: { serverUrl: string; name: string } | undefined;
    let databaseUrl: string | undefined;
    if (suite.databaseUrl) {
      const fresh = await freshPostgresDatabase(suite.databaseUrl);
      database = { serverUrl: suite.databaseUrl, name: fresh.name };
      databaseUrl = fresh.url;
    }
    const stack = new ChaosStack(
      workDir,
      redisUrl,
      {
        REDIS_URL: redisUrl,
        DATABASE_URL: databaseUrl,
        DATA_DIR: join(workDir, 'data'),
        ADMIN_API_KEY: CHAOS_ADMIN_KEY,
        LOG_LEVEL: 'warn',
        SYNC_INTERVAL_MINUTES: '0',
        AUTH_FAILURES_PER_MINUTE: '100000',
        ...suite.dineroEnv,
        ...options.env,
      },
      database,
    );
    live.add(stack);
    try {
      const port = await freePort();
      stack.baseUrl = `http://127.0.0.1:${port}`;
      stack.api = stack.track(startHost({ ...stack.env, PORT: String(port), ROLE: 'api' }));
      // The API migrates the database; workers start after it.
      await waitForReady(stack.baseUrl, stack.api);
      for (let i = 0; i < options.workers; i++) stack.workers.push(stack.track(startHost(stack.workerEnv())));
      await Promise.all(stack.workers.map((worker) => waitForOutput(worker, WORKER_READY)));
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  private workerEnv(): Record<string, string | undefined> {
    return { ...this.env, ROLE: 'worker' };
  }

  private track(host: RunningHost): RunningHost {
    this.started.push(host);
    return host;
  }

  /** SIGKILL, as the kernel's OOM killer or a pulled plug would end it: no shutdown hook runs. */
  async kill(index: number): Promise<void> {
    const worker = this.workers[index];
    if (!worker || !running(worker)) return;
    const exited = new Promise((resolve) => worker.process.once('exit', resolve));
    worker.process.kill('SIGKILL');
    await exited;
  }

  /** Starts a fresh process in the slot and waits until it says it runs. */
  async restart(index: number, timeoutMs = 60000): Promise<void> {
    const worker = this.track(startHost(this.workerEnv()));
    this.workers[index] = worker;
    await waitForOutput(worker, WORKER_READY, timeoutMs);
  }

  isRunning(index: number): boolean {
    const worker = this.workers[index];
    return !!worker && running(worker);
  }

  /** The pids of every process this stack started. */
  pids(): number[] {
    return this.started.map((host) => host.process.pid).filter((pid): pid is number => pid !== undefined);
  }

  /** Empties Redis as a failover to an empty replica would: every Bull job, lock and counter gone. */
  async flushRedis(): Promise<void> {
    const redis = new Redis(this.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await redis.connect();
      await redis.flushall();
    } finally {
      redis.disconnect();
    }
  }

  /** One call to this stack's API, the answer's JSON parsed. */
  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { key?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(options.key && { Authorization: `Bearer ${options.key}` }),
        ...(options.body !== undefined && { 'Content-Type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, body: (isJson && text ? JSON.parse(text) : text) as T };
  }

  /** Everything the stack's processes printed, for a failure message. */
  output(): string {
    return [this.api, ...this.workers]
      .filter(Boolean)
      .map((host, i) => `--- ${i === 0 ? 'api' : `worker ${i - 1}`} ---\n${host.output().slice(-4000)}`)
      .join('\n');
  }

  /** Stops the processes gracefully, then the services; safe to call twice and after a failed start. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all([this.api, ...this.workers].filter(Boolean).map(stopHost));
    this.stopServicesSync();
    if (this.database) await dropPostgresDatabase(this.database.serverUrl, this.database.name);
    rmSync(this.workDir, { recursive: true, force: true });
    live.delete(this);
  }

  /** The exit hook's path: SIGKILL whatever still runs and stop Redis, without awaiting anything. */
  killSync(): void {
    // Only children still running: a pid that exited may since belong to someone else's process.
    for (const host of this.started) if (running(host)) host.process.kill('SIGKILL');
    this.stopServicesSync();
    rmSync(this.workDir, { recursive: true, force: true });
    live.delete(this);
  }

  /** Redis's pid while it runs, for the "nothing left behind" check. */
  redisPid(): number | null {
    try {
      return Number(readFileSync(join(this.workDir, 'redis', 'redis.pid'), 'utf8').trim());
    } catch {
      return null;
    }
  }

  private stopServicesSync(): void {
    try {
      stopService('redis', join(this.workDir, 'redis'));
    } catch {
      // stopped already
    }
  }
}

function running(host: RunningHost): boolean {
  return host.process.exitCode === null && host.process.signalCode === null;
}

/** True while a process with this pid exists (and is not a zombie this process still has to reap). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return true;
  }
}
