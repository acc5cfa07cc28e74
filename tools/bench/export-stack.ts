/**
 * What the exports benchmark runs against: a private Redis, the Dinero sandbox (rate limit and window as asked), one
 * ROLE=api host and N ROLE=worker hosts, all on loopback, plus the calls a company needs to export (connect, setup,
 * ingest, receipts, export, progress) and the sandbox's own log of the calls it counted.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, json, ROOT, until, dineroSandboxEnv, benchHostEnv } from './bench-support';

export const ADMIN = 'bench-admin-key-0123456789abcdefghij';
const SERVICES = join(ROOT, 'tools/scripts/services.sh');
/** Linux's clock ticks per second (`getconf CLK_TCK`), the unit of /proc's CPU times. */
const CLOCK_TICKS = 100;

export interface StackOptions {
  workers: number;
  /** Requests per organization the sandbox admits per window, and the window. */
  rateLimit: number;
  rateWindowSeconds: number;
  /** The host's budget (DINERO_CALL_BUDGET) over the same window; at most the sandbox's limit. */
  budget: number;
  workerConcurrency: number;
}

export interface LoggedCall {
  at: number;
  method: string;
  path: string;
  admitted: boolean;
}

export interface BenchCompany {
  companyId: string;
  organizationId: number;
  apiKey: string;
}

export interface BatchView {
  id: string;
  requestedAt: string;
  total: number;
  settled: number;
  counts: Record<string, number>;
}

/** One page of `GET /companies/{id}/transactions`, as far as the benchmark reads it. */
interface TransactionsPage {
  items: { export: { updatedAt: string } | null }[];
  nextCursor: string | null;
}

interface Child {
  process: ChildProcess;
  output: string[];
}

function startChild(entry: string, env: Record<string, string | undefined>): Child {
  // BENCH_CPU_PROF_DIR=<dir>: every child writes a V8 CPU profile there when it exits (open in Chrome DevTools).
  // BENCH_PRELOAD=<file>: every child loads it (-r) after the TypeScript loader, before its own code, so it may be a
  // .ts file (tools/bench/preload/); absolute, or relative to the repository's root.
  const profile = process.env['BENCH_CPU_PROF_DIR'];
  const preload = process.env['BENCH_PRELOAD'];
  const flags = [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), '-r', '@swc-node/register'];
  const child = spawn(process.execPath, [...flags, ...(preload ? ['-r', resolve(ROOT, preload)] : []), entry], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], SWC_NODE_PROJECT: 'tsconfig.base.json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { process: child, output };
}

async function waitForText(child: Child, text: string, seconds = 90): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    if (child.output.join('').includes(text)) return;
    if (child.process.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`a worker did not start within ${seconds} s:\n${child.output.join('').slice(-2000)}`);
}

export class ExportStack {
  readonly sandboxUrl: string;
  readonly api: string;
  private readonly children: Child[] = [];

  private constructor(
    private readonly work: string,
    private readonly ownRedis: boolean,
    ports: { api: number; sandbox: number },
  ) {
    this.sandboxUrl = `http://127.0.0.1:${ports.sandbox}`;
    this.api = `http://127.0.0.1:${ports.api}`;
  }

  static async start(options: StackOptions): Promise<ExportStack> {
    const work = mkdtempSync(join(tmpdir(), 'lb-bench-exports-'));
    const ownRedis = !process.env['REDIS_URL'];
    const redisUrl =
      process.env['REDIS_URL'] ||
      execFileSync('bash', [SERVICES, 'redis', 'start', join(work, 'redis')], { encoding: 'utf8' }).trim();
    const stack = new ExportStack(work, ownRedis, { api: await freePort(), sandbox: await freePort() });
    try {
      stack.children.push(
        startChild('apps/dinero-sandbox/src/main.ts', {
          SANDBOX_PORT: new URL(stack.sandboxUrl).port,
          SANDBOX_LOG: 'false',
          SANDBOX_RATE_LIMIT: String(options.rateLimit),
          SANDBOX_RATE_WINDOW_SECONDS: String(options.rateWindowSeconds),
          SANDBOX_LEDGER_BOOKING_DELAY_MS: '500',
        }),
      );
      await until(`${stack.sandboxUrl}/_sandbox/state`, 90);
      const host = {
        ...benchHostEnv(redisUrl, work, ADMIN),
        AUTH_FAILURES_PER_MINUTE: '100000',
        // Status follow-up reads share the budget; off here so the figures are the exports' own.
        EXPORT_STATUS_SECONDS: '3600',
        DINERO_CALL_BUDGET: String(options.budget),
        DINERO_CALL_WINDOW_SECONDS: String(options.rateWindowSeconds),
        WORKER_CONCURRENCY: String(options.workerConcurrency),
        ...dineroSandboxEnv(stack.sandboxUrl),
      };
      stack.children.push(startChild('apps/api/src/main.ts', { ...host, PORT: new URL(stack.api).port, ROLE: 'api' }));
      await until(`${stack.api}/health/ready`, 120);
      const workers = Array.from({ length: options.workers }, () =>
        startChild('apps/api/src/main.ts', { ...host, ROLE: 'worker' }),
      );
      stack.children.push(...workers);
      await Promise.all(workers.map((w) => waitForText(w, 'worker is running')));
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await json<T>(method, `${this.api}${path}`, body, ADMIN);
    } catch (err) {
      // The host's own words on a 500 (its log is JSON lines on stdout).
      const said = this.children[1]?.output.join('').slice(-3000) ?? '';
      throw new Error(`${(err as Error).message}\n--- api output ---\n${said}`);
    }
  }

  /**
   * CPU time (user + system, ms) each child has used so far, from /proc (Linux): the sandbox, the api host and the
   * workers together. Differences between two readings say where a run's CPU went, steadier than its wall time on a
   * shared machine.
   */
  cpuMs(): { sandbox: number; api: number; workers: number } {
    const of = (child: Child | undefined) => {
      if (!child?.process.pid) return 0;
      try {
        // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
        const stat = readFileSync(`/proc/${child.process.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
      } catch {
        return 0;
      }
    };
    const [sandbox, api, ...workers] = this.children;
    return { sandbox: of(sandbox), api: of(api), workers: workers.reduce((sum, w) => sum + of(w), 0) };
  }

  /** A sandbox organization on the standard chart, a company connected to it, its setup and one category. */
  async newCompany(name: string): Promise<BenchCompany> {
    const apiKey = `bench-${name.replace(/\W/g, '-')}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const org = await json<{ id: number }>('POST', `${this.sandboxUrl}/_sandbox/organizations`, { name, apiKey });
    const company = await this.call<{ id: string }>('POST', '/companies', { name: `${name} ApS` });
    const connection = await this.call<{ id: string; lastSyncJobId: string }>(
      'POST',
      `/companies/${company.id}/connections`,
      { provider: 'dinero', organizationId: String(org.id), method: 'api_key', credentials: { apiKey } },
    );
    const job = `/companies/${company.id}/connections/${connection.id}/sync/${encodeURIComponent(connection.lastSyncJobId)}`;
    for (;;) {
      const state = (await this.call<{ state: string; failedReason: string | null }>('GET', job)).state;
      if (state === 'completed') break;
      if (state === 'failed') throw new Error(`the chart sync of ${name} failed`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const at = `/companies/${company.id}`;
    await this.call('POST', `${at}/categories`, {
      key: 'office',
      name: 'Kontor',
      accountNumber: '6000',
      taxCode: 'I25',
    });
    await this.call('PUT', `${at}/setup`, {
      depositAccount: '55010',
      outOfPocketAccount: '55020',
      reimbursementAccount: '55000',
    });
    return { companyId: company.id, organizationId: org.id, apiKey };
  }

  /** Adds latency to every API call of the organization (the sandbox's fault rule). */
  async latency(company: BenchCompany, latencyMs: number): Promise<void> {
    const rules = latencyMs > 0 ? [{ kind: 'latency', latencyMs }] : [];
    await json('PUT', `${this.sandboxUrl}/_sandbox/organizations/${company.organizationId}/faults`, { rules });
  }

  /** Ingests the transactions in requests of 500; answers their ids in order. */
  async ingest(company: BenchCompany, items: Record<string, unknown>[]): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < items.length; i += 500) {
      const answer = await this.call<{ results: { transaction?: { id: string } }[] }>(
        'POST',
        `/companies/${company.companyId}/transactions`,
        { items: items.slice(i, i + 500) },
      );
      for (const r of answer.results) {
        if (!r.transaction) throw new Error(`an item was not ingested: ${JSON.stringify(r)}`);
        ids.push(r.transaction.id);
      }
    }
    return ids;
  }

  /** Uploads a small PDF receipt to each transaction, a few at a time. */
  async receipts(company: BenchCompany, transactionIds: string[], parallel = 8): Promise<void> {
    let next = 0;
    const one = async () => {
      while (next < transactionIds.length) {
        const id = transactionIds[next++]!;
        const form = new FormData();
        const pdf = `%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n% ${id}\n`;
        form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'kvittering.pdf');
        const res = await fetch(`${this.api}/companies/${company.companyId}/transactions/${id}/receipt`, {
          method: 'PUT',
          body: form,
          headers: { Authorization: `Bearer ${ADMIN}` },
        });
        if (!res.ok) throw new Error(`receipt upload answered ${res.status}: ${await res.text()}`);
      }
    };
    await Promise.all(Array.from({ length: parallel }, one));
  }

  requestExport(company: BenchCompany): Promise<BatchView> {
    return this.call<BatchView>('POST', `/companies/${company.companyId}/exports`, { all: 'ready' });
  }

  batch(company: BenchCompany, batchId: string): Promise<BatchView> {
    return this.call<BatchView>('GET', `/companies/${company.companyId}/exports/${batchId}`);
  }

  /** Polls the batch until every export settled; answers the batch and the time it was first seen settled. */
  /** Reads the batch's progress every `pollMs` until it has settled; answers the view and when it was seen settled. */
  async settle(
    company: BenchCompany,
    batch: BatchView,
    timeoutMs: number,
    pollMs = 100,
  ): Promise<{ view: BatchView; at: number }> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const view = await this.batch(company, batch.id);
      if (view.settled >= view.total) return { view, at: Date.now() };
      if (Date.now() > end) throw new Error(`batch ${batch.id} not settled in time: ${JSON.stringify(view.counts)}`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /** When each exported transaction's export last changed (its `exported` transition), in ms. */
  async exportedTimes(company: BenchCompany): Promise<number[]> {
    const times: number[] = [];
    let cursor: string | null = null;
    do {
      const query = `state=exported&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: TransactionsPage = await this.call<TransactionsPage>(
        'GET',
        `/companies/${company.companyId}/transactions?${query}`,
      );
      for (const t of page.items) if (t.export) times.push(Date.parse(t.export.updatedAt));
      cursor = page.nextCursor;
    } while (cursor);
    return times;
  }

  async calls(company: BenchCompany, since = 0): Promise<LoggedCall[]> {
    const log = await json<{ calls: LoggedCall[] }>(
      'GET',
      `${this.sandboxUrl}/_sandbox/organizations/${company.organizationId}/calls?since=${since}`,
    );
    return log.calls;
  }

  /** Stops the hosts and the sandbox, then Redis, and removes the working directory. */
  async stop(): Promise<void> {
    for (const child of this.children) child.process.kill('SIGTERM');
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.process.exitCode !== null || child.process.signalCode !== null) return resolve();
            const hard = setTimeout(() => child.process.kill('SIGKILL'), 10_000);
            child.process.once('exit', () => {
              clearTimeout(hard);
              resolve();
            });
          }),
      ),
    );
    if (this.ownRedis) execFileSync('bash', [SERVICES, 'redis', 'stop', join(this.work, 'redis')]);
    // BENCH_KEEP=1: the database, receipts and logs stay for a look afterwards (the folder is printed).
    if (process.env['BENCH_KEEP']) console.log(`kept ${this.work}`);
    else rmSync(this.work, { recursive: true, force: true });
  }
}
