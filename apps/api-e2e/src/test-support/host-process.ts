import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '../../../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningHost {
  process: ChildProcess;
  output: () => string;
}

/** Starts apps/api/src/main.ts as a real process, the way `npm start` does. */
export function startHost(env: Record<string, string | undefined>): RunningHost {
  let output = '';
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], SWC_NODE_PROJECT: 'tsconfig.base.json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return { process: child, output: () => output };
}

export async function waitForReady(baseUrl: string, host: RunningHost, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (host.process.exitCode !== null) throw new Error(`The host exited early:\n${host.output()}`);
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The host was not ready within ${timeoutMs} ms:\n${host.output()}`);
}

/** Runs the host to its exit and returns what it printed; for configurations that must be refused. */
export function runHostToExit(env: Record<string, string | undefined>, timeoutMs = 30000): Promise<{ code: number | null; output: string }> {
  const host = startHost(env);
  return new Promise((resolve, reject) => {
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
