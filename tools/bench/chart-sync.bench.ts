/**
 * Benchmark: connect N companies to N Dinero sandbox organizations with large charts and time the chart syncs,
 * first sync and an unchanged re-sync, through the real host (ROLE=all, SQLite or DATABASE_URL) and a private Redis.
 *
 *   npm run bench:chart-sync -- [companies=4] [accounts=5000]
 *
 * Prints one line per sync and a summary; numbers come from here, never from timed tests.
 */
import { ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, json, percentile, ROOT, start, until, dineroSandboxEnv, benchHostEnv } from './bench-support';

const companies = Number(process.argv[2] ?? 4);
const accounts = Number(process.argv[3] ?? 5000);
const ADMIN = 'bench-admin-key-0123456789abcdefghij';

async function waitJob(api: string, path: string): Promise<{ result: { accounts: number } }> {
  for (;;) {
    const job = await json<{ state: string; result: { accounts: number }; failedReason: string | null }>(
      'GET',
      `${api}${path}`,
      undefined,
      ADMIN,
    );
    if (job.state === 'completed') return job;
    if (job.state === 'failed') throw new Error(`sync failed: ${job.failedReason}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'lb-bench-'));
  const services = join(ROOT, 'tools/scripts/services.sh');
  const redisUrl =
    process.env['REDIS_URL'] ||
    execFileSync('bash', [services, 'redis', 'start', join(work, 'redis')], { encoding: 'utf8' }).trim();
  const [port, sandboxPort] = [await freePort(), await freePort()];
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const api = `http://127.0.0.1:${port}`;
  const procs: ChildProcess[] = [];
  try {
    procs.push(start('apps/dinero-sandbox/src/main.ts', { SANDBOX_PORT: String(sandboxPort), SANDBOX_LOG: 'false' }));
    await until(`${sandboxUrl}/_sandbox/state`);
    procs.push(
      start('apps/api/src/main.ts', {
        PORT: String(port),
        ...benchHostEnv(redisUrl, work, ADMIN),
        ...dineroSandboxEnv(sandboxUrl),
      }),
    );
    await until(`${api}/health/ready`);
    const targets = [];
    for (let i = 0; i < companies; i++) {
      const apiKey = `bench-key-${i}-${Date.now()}`;
      const org = await json<{ Id?: number; id?: number }>('POST', `${sandboxUrl}/_sandbox/organizations`, {
        name: `Bench ${i}`,
        apiKey,
        chartSize: accounts,
      });
      const company = await json<{ id: string }>('POST', `${api}/companies`, { name: `Bench ${i} ApS` }, ADMIN);
      targets.push({ companyId: company.id, organizationId: String(org.Id ?? org.id), apiKey });
    }
    const rounds: Record<string, number[]> = { first: [], resync: [] };
    const t0 = Date.now();
    await Promise.all(
      targets.map(async (t) => {
        const started = Date.now();
        const c = await json<{ id: string; lastSyncJobId: string }>(
          'POST',
          `${api}/companies/${t.companyId}/connections`,
          {
            provider: 'dinero',
            organizationId: t.organizationId,
            method: 'api_key',
            credentials: { apiKey: t.apiKey },
          },
          ADMIN,
        );
        const job = await waitJob(
          api,
          `/companies/${t.companyId}/connections/${c.id}/sync/${encodeURIComponent(c.lastSyncJobId)}`,
        );
        rounds['first'].push(Date.now() - started);
        console.log(
          `first sync  company ${t.companyId}: ${job.result.accounts} accounts in ${Date.now() - started} ms (incl. connect + verify)`,
        );
        const again = Date.now();
        const r = await json<{ jobId: string }>(
          'POST',
          `${api}/companies/${t.companyId}/connections/${c.id}/sync`,
          undefined,
          ADMIN,
        );
        await waitJob(api, `/companies/${t.companyId}/connections/${c.id}/sync/${encodeURIComponent(r.jobId)}`);
        rounds['resync'].push(Date.now() - again);
        console.log(`re-sync     company ${t.companyId}: unchanged chart in ${Date.now() - again} ms`);
      }),
    );
    const wall = Date.now() - t0;
    const db = process.env['DATABASE_URL'] ? 'PostgreSQL' : 'SQLite';
    console.log(`\nchart-sync bench: ${companies} companies x ${accounts} accounts, ${db}, wall ${wall} ms`);
    for (const [name, xs] of Object.entries(rounds)) {
      console.log(
        `  ${name.padEnd(7)} p50 ${percentile(xs, 50)} ms, p95 ${percentile(xs, 95)} ms, max ${Math.max(...xs)} ms`,
      );
    }
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    if (!process.env['REDIS_URL']) execFileSync('bash', [services, 'redis', 'stop', join(work, 'redis')]);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
