import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '../../../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningHost {
  process: ChildProcess;
  output: () => string;
}

/** Starts the built host (dist/apps/api/main.js, from `npm run build`), as production runs it. */
export function startHost(env: Record<string, string | undefined>): RunningHost {
  return startProcess(built('api', 'main.js'), env);
}

/** Runs `npm run migrate`'s built command (dist/apps/api/migrate.js) as its own process. */
export function startMigrate(env: Record<string, string | undefined>): RunningHost {
  return startProcess(built('api', 'migrate.js'), env);
}

/** Starts the built local Dinero (dist/apps/dinero-sandbox/main.js) as its own process. */
export function startSandbox(env: Record<string, string | undefined>): RunningHost {
  return startProcess(built('dinero-sandbox', 'main.js'), env);
}

// `nx run api-e2e:e2e` builds both apps first (dependsOn); a bare jest run needs `npm run build`.
function built(app: string, file: string): string {
  const path = join(REPO_ROOT, 'dist/apps', app, file);
  if (!existsSync(path))
    throw new Error(`${path} is missing: run \`npm run build\` (nx run api-e2e:e2e builds it first).`);
  return path;
}

function startProcess(entry: string, env: Record<string, string | undefined>): RunningHost {
  let output = '';
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    cwd: REPO_ROOT,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return { process: child, output: () => output };
}

export async function waitForReady(
  baseUrl: string,
  host: RunningHost,
  timeoutMs = 60000,
  path = '/health/ready',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (host.process.exitCode !== null) throw new Error(`The process exited early:\n${host.output()}`);
    try {
      if ((await fetch(`${baseUrl}${path}`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The host was not ready within ${timeoutMs} ms:\n${host.output()}`);
}

/** Waits until a process prints `text`; fails at once, with its output, if it exits first. */
export async function waitForOutput(host: RunningHost, text: string, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!host.output().includes(text)) {
    if (host.process.exitCode !== null) throw new Error(`The process exited early:\n${host.output()}`);
    if (Date.now() > deadline)
      throw new Error(`The process did not print "${text}" within ${timeoutMs} ms:\n${host.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs the host to its exit and returns what it printed; for configurations that must be refused. */
export function runHostToExit(
  env: Record<string, string | undefined>,
  timeoutMs = 30000,
): Promise<{ code: number | null; output: string }> {
  return runToExit(startHost(env), timeoutMs);
}

/** Waits for a started process to exit and returns its code and what it printed. */
export function runToExit(host: RunningHost, timeoutMs = 30000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    if (host.process.exitCode !== null) return resolve({ code: host.process.exitCode, output: host.output() });
    const timer = setTimeout(() => {
      host.process.kill('SIGKILL');
      reject(new Error(`The host did not exit within ${timeoutMs} ms:\n${host.output()}`));
    }, timeoutMs);
    host.process.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: host.output() });
    });
  });
}

export async function stopHost(host: RunningHost): Promise<void> {
  if (host.process.exitCode !== null) return;
  const exited = new Promise((r) => host.process.once('exit', r));
  host.process.kill('SIGTERM');
  const timer = setTimeout(() => host.process.kill('SIGKILL'), 10000);
  await exited;
  clearTimeout(timer);
}
