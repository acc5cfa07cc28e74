import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Account, ProviderConnection } from '@ledgerbridge/connector-sdk';
import type { DineroOptions } from '../dinero.options';

// The sandbox runs as its own process, as under `npm start`: lint forbids importing its code into a provider.
const REPO_ROOT = join(__dirname, '../../../../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The accounts the sample documents use, read from a new organization's own chart rather than assumed. */
export interface SampleChart {
  readonly expense: Account;
  readonly deposits: readonly [Account, Account];
}

export function sampleChartOf(accounts: readonly Account[]): SampleChart {
  const expense = accounts.find((a) => a.kind === 'expense' && a.active && a.expenseAllowed === true);
  const deposits = accounts.filter((a) => a.kind === 'deposit' && a.active);
  const [first, second] = deposits;
  if (expense === undefined || first === undefined || second === undefined) {
    throw new Error('The sandbox chart lacks an expense account or two deposit accounts');
  }
  return { expense, deposits: [first, second] };
}

/** One sandbox process on a free loopback port, with its control surface (`/_sandbox/…`). */
export class SandboxProcess {
  baseUrl = '';
  private child: ChildProcess | undefined;
  private output = '';

  async start(env: Readonly<Record<string, string>> = {}): Promise<void> {
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/dinero-sandbox/src/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: 'tsconfig.base.json',
        SANDBOX_PORT: String(port),
        SANDBOX_HOST: '127.0.0.1',
        SANDBOX_LOG: 'false',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`The Dinero sandbox exited early:\n${this.output}`);
      const ready = await fetch(`${this.baseUrl}/_sandbox/state`).then(
        (answer) => answer.status === 200,
        () => false,
      );
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`The Dinero sandbox did not answer GET /_sandbox/state in time:\n${this.output}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const stubborn = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(stubborn);
  }

  /** Plugin options aimed at this sandbox. */
  options(extra: Partial<DineroOptions> = {}): DineroOptions {
    return {
      apiUrl: this.baseUrl,
      tokenUrl: `${this.baseUrl}/dineroapi/oauth/token`,
      vismaConnectUrl: this.baseUrl,
      clientId: 'sandbox-client',
      clientSecret: 'sandbox-secret',
      timeoutMs: 5_000,
      ...extra,
    };
  }

  /** A call to the control surface, failing the test on an unexpected status. */
  async control(method: string, path: string, body?: unknown, expected = [200, 201]): Promise<unknown> {
    const answer = await fetch(`${this.baseUrl}/_sandbox/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await answer.text();
    if (!expected.includes(answer.status)) throw new Error(`${method} /_sandbox/${path}: ${answer.status} ${text}`);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }

  /** A fresh paid organization with an API key we know, so checks can look for that key in error messages. */
  async newOrganization(): Promise<ProviderConnection> {
    const apiKey = `conformance-${randomBytes(12).toString('hex')}`;
    const organization = (await this.control('POST', 'organizations', {
      name: 'Konformitet ApS',
      paid: true,
      apiKey,
    })) as { id: number };
    return {
      companyId: `conformance-company-${organization.id}`,
      organizationId: String(organization.id),
      credentials: { connectionKind: 'api_key', apiKey },
    };
  }
}
