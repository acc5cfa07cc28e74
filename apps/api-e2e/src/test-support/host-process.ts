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
  return startProcess('apps/api/src/main.ts', env);
}

/** Starts the local Dinero (apps/dinero-sandbox) as its own process. */
export function startSandbox(env: Record<string, string | undefined>): RunningHost {
  return startProcess('apps/dinero-sandbox/src/main.ts', env);
}

function startProcess(entry: string, env: Record<string, string | undefined>): RunningHost {
  let output = '';
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry], {
    cwd: REPO_ROOT,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], SWC_NODE_PROJECT: 'tsconfig.base.json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return { process: child, output: () => output };
}

export async function waitForReady(baseUrl: string, host: RunningHost, timeoutMs = 60000, path = '/health/ready'): Promise<void> {
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
    if (Date.now() > deadline) throw new Error(`The process did not print "${text}" within ${timeoutMs} ms:\n${host.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
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
