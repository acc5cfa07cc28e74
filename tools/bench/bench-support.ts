/** What every benchmark needs to run the real host: free ports, child processes, readiness, JSON calls. */
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../..');

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** Starts a TypeScript entry point of the repository (compiled on the fly by swc), with only the given env. */
export function start(entry: string, env: Record<string, string | undefined>): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', entry], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], SWC_NODE_PROJECT: 'tsconfig.base.json', ...env },
    stdio: 'ignore',
  });
}

export async function until(url: string, seconds = 60): Promise<void> {
  for (let i = 0; i < seconds * 4; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

export async function json<T>(method: string, url: string, body?: unknown, key?: string): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', ...(key && { Authorization: `Bearer ${key}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

export const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

/** The host's Dinero settings for a sandbox at `sandboxUrl` (its seed integration's client id and secret). */
export function dineroSandboxEnv(sandboxUrl: string): Record<string, string> {
  return {
    DINERO_API_URL: sandboxUrl,
    DINERO_TOKEN_URL: `${sandboxUrl}/dineroapi/oauth/token`,
    VISMA_CONNECT_URL: sandboxUrl,
    DINERO_CLIENT_ID: 'sandbox-client',
    DINERO_CLIENT_SECRET: 'sandbox-secret',
  };
}

/** What every benchmark's host gets: its Redis, the database (SQLite under `work`, or DATABASE_URL), quiet logs. */
export function benchHostEnv(redisUrl: string, work: string, adminKey: string): Record<string, string | undefined> {
  return {
    REDIS_URL: redisUrl,
    DATABASE_URL: process.env['DATABASE_URL'],
    DATA_DIR: join(work, 'data'),
    ADMIN_API_KEY: adminKey,
    LOG_LEVEL: 'warn',
    SYNC_INTERVAL_MINUTES: '0',
  };
}
