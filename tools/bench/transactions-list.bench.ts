/**
 * Benchmark: does `GET /companies/{id}/transactions` stay fast over 100,000 rows? Ingests N transactions into one
 * company through the real host (ROLE=api, SQLite or DATABASE_URL, a private Redis), then times reads: the first
 * page, every page of a full cursor walk, and filtered reads (kind, date range, state), each over HTTP.
 *
 *   npm run bench:transactions-list -- [transactions=100000] [pageSize=200]
 *
 * Prints a table and writes it as JSON to dist/bench/transactions-list.json; numbers come from here, never from
 * timed tests.
 */
import { ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, json, percentile, ROOT, start, until, benchHostEnv } from './bench-support';

const total = Number(process.argv[2] ?? 100_000);
const pageSize = Number(process.argv[3] ?? 200);
const ADMIN = 'bench-admin-key-0123456789abcdefghij';
const BATCH = 500;
const SENDERS = 4;

type Page = { items: Array<{ id: string; bookedOn: string }>; nextCursor: string | null };

/** Reimbursements and top-ups need no chart or categories, so the bench needs no provider connection. */
function item(n: number): Record<string, unknown> {
  // Spread over about two years of booking dates, several per day, so date filters select real ranges.
  const day = new Date(Date.UTC(2025, 0, 1) + (n % 730) * 86_400_000).toISOString().slice(0, 10);
  return n % 3 === 0
    ? { platformId: `bench-${n}`, kind: 'wallet_top_up', bookedOn: day, amount: 500_000 + n, currency: 'DKK' }
    : {
        platformId: `bench-${n}`,
        kind: 'reimbursement',
        bookedOn: day,
        amount: 10_000 + (n % 90_000),
        currency: 'DKK',
        employeeId: `emp-${n % 250}`,
        employeeName: `Medarbejder ${n % 250}`,
        paidFrom: n % 2 === 0 ? 'bank_transfer' : 'card_wallet',
        description: `Udlæg ${n}`,
      };
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const t = process.hrtime.bigint();
  const result = await run();
  return [result, Number(process.hrtime.bigint() - t) / 1e6];
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'lb-bench-'));
  const services = join(ROOT, 'tools/scripts/services.sh');
  const redisUrl =
    process.env['REDIS_URL'] ||
    execFileSync('bash', [services, 'redis', 'start', join(work, 'redis')], { encoding: 'utf8' }).trim();
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const procs: ChildProcess[] = [];
  try {
    procs.push(
      start('apps/api/src/main.ts', {
        ROLE: 'api',
        PORT: String(port),
        ...benchHostEnv(redisUrl, work, ADMIN),
        // Required to mount the provider; this bench never calls it.
        DINERO_CLIENT_ID: 'bench-client',
        DINERO_CLIENT_SECRET: 'bench-secret',
      }),
    );
    await until(`${api}/health/ready`, 120);
    const company = await json<{ id: string }>('POST', `${api}/companies`, { name: `Bench ${Date.now()} ApS` }, ADMIN);
    const base = `${api}/companies/${company.id}/transactions`;

    let next = 0;
    const [, ingestMs] = await timed(() =>
      Promise.all(
        Array.from({ length: SENDERS }, async () => {
          for (let from = next; from < total; from = next) {
            next = Math.min(total, from + BATCH);
            const items = Array.from({ length: next - from }, (_, i) => item(from + i));
            const answer = await json<{ created: number }>('POST', base, { items }, ADMIN);
            if (answer.created !== items.length) throw new Error(`batch at ${from} created ${answer.created}`);
          }
        }),
      ),
    );

    const read = (query: string) => timed(() => json<Page>('GET', `${base}?${query}`, undefined, ADMIN));
    const rows: Array<{ read: string; pages: number; rows: number; p50Ms: number; p95Ms: number; maxMs: number }> = [];
    async function walk(name: string, query: string, maxPages = Infinity): Promise<void> {
      const times: number[] = [];
      let cursor: string | null = null;
      let seen = 0;
      do {
        const params = [query, `limit=${pageSize}`, cursor && `cursor=${encodeURIComponent(cursor)}`];
        const [page, ms] = await read(params.filter(Boolean).join('&'));
        times.push(ms);
        seen += page.items.length;
        cursor = page.nextCursor;
      } while (cursor && times.length < maxPages);
      rows.push({
        read: name,
        pages: times.length,
        rows: seen,
        p50Ms: percentile(times, 50),
        p95Ms: percentile(times, 95),
        maxMs: Math.max(...times),
      });
    }
    await walk('first page', '', 1);
    await walk('full cursor walk', '');
    await walk('kind=reimbursement, 50 pages', 'kind=reimbursement', 50);
    await walk('one month (from/to)', 'from=2026-03-01&to=2026-03-31');
    await walk('state=received, 50 pages', 'state=received', 50);
    // Matches nothing: the worst case of a filter the index cannot narrow.
    await walk('state=needs_attention (none)', 'state=needs_attention', 1);

    const db = process.env['DATABASE_URL'] ? 'PostgreSQL' : 'SQLite';
    const result = {
      database: db,
      transactions: total,
      pageSize,
      ingest: { ms: Math.round(ingestMs), perSecond: Math.round(total / (ingestMs / 1000)) },
      reads: rows.map((r) => ({
        ...r,
        p50Ms: +r.p50Ms.toFixed(1),
        p95Ms: +r.p95Ms.toFixed(1),
        maxMs: +r.maxMs.toFixed(1),
      })),
    };
    console.log(`\ntransactions-list bench: ${total} transactions, ${db}, page size ${pageSize}`);
    console.log(`ingest: ${result.ingest.ms} ms (${result.ingest.perSecond} transactions/s, batches of ${BATCH})`);
    console.table(result.reads);
    mkdirSync(join(ROOT, 'dist/bench'), { recursive: true });
    writeFileSync(join(ROOT, 'dist/bench/transactions-list.json'), JSON.stringify(result, null, 2));
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
