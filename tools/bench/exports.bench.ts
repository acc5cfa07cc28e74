/**
 * Benchmark: exports through the whole pipeline (HTTP in → ledger → outbox → Bull → Dinero plugin → ledger) against
 * the sandbox, with the sandbox's rate window shortened to 100 calls per 6 s and 150 ms added to every call:
 *   (a) one organization, 500 card expenses with receipts: budget share, windows over budget, 429s;
 *   (b) one organization, 1,000 reimbursements and top-ups, against a naive one-item-per-call exporter;
 *   (c) 50 organizations at once, one with a 10,000-expense backlog: total throughput, small organizations' waits;
 *   (d) no latency, no rate limit: exports per second with one and with two worker processes.
 *
 *   npm run bench:exports -- [scenarios=abcd] [bigBacklog=10000] [smallBacklog=100]
 *
 * Prints a table and writes dist/bench/exports.json. SQLite, or PostgreSQL with DATABASE_URL.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './bench-support';
import { BenchCompany, ExportStack, StackOptions } from './export-stack';
import { naiveExport } from './naive-exporter';
import { pacingFigures, waits } from './pacing-figures';

const scenarios = process.argv[2] ?? 'abcd';
const bigBacklog = Number(process.argv[3] ?? 10_000);
const smallBacklog = Number(process.argv[4] ?? 100);
const LATENCY_MS = 150;
/** A whole number from the environment, or `fallback`; anything else stops the bench before it starts. */
function wholeFromEnv(name: string, fallback: number, most: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1 || value > most) {
    throw new Error(`${name} must be a whole number from 1 to ${most}, got "${raw}".`);
  }
  return value;
}

// (a)–(c)'s worker processes and each one's job slots: BENCH_WORKERS (default 2), BENCH_CONCURRENCY (default 64).
const PACED: StackOptions = {
  workers: wholeFromEnv('BENCH_WORKERS', 2, 8),
  rateLimit: 100,
  rateWindowSeconds: 6,
  budget: 100,
  workerConcurrency: wholeFromEnv('BENCH_CONCURRENCY', 64, 256),
};
const WINDOW_MS = PACED.rateWindowSeconds * 1000;

type Kind = 'card_expense' | 'reimbursement' | 'wallet_top_up';
const results: Record<string, unknown> = {};
const table: string[][] = [];
const row = (scenario: string, figure: string, value: string, target: string) =>
  table.push([scenario, figure, value, target]);
const fmt = (n: number, digits = 1) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits }) : 'n/a';

function transactions(kind: Kind, count: number, tag: string): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const base = {
      platformId: `${tag}-${kind}-${i}`,
      bookedOn: '2026-11-20',
      currency: 'DKK',
      description: `${kind} ${i}`,
    };
    if (kind === 'card_expense')
      return {
        ...base,
        kind,
        amount: 10_000 + i,
        merchant: 'Office Depot',
        categoryKey: 'office',
        employeeId: 'e1',
        employeeName: 'Mette Hansen',
      };
    if (kind === 'reimbursement')
      return {
        ...base,
        kind,
        amount: 8_000 + i,
        employeeId: 'e2',
        employeeName: 'Jonas Berg',
        paidFrom: 'bank_transfer',
      };
    return { ...base, kind, amount: 1_000_000 + i };
  });
}

/** Ingests, uploads receipts where asked, requests one export batch; answers what settle() needs. */
async function prepared(
  stack: ExportStack,
  company: BenchCompany,
  items: Record<string, unknown>[],
  receipts: boolean,
) {
  const ids = await stack.ingest(company, items);
  if (receipts) await stack.receipts(company, ids);
  return ids;
}

async function exportAndSettle(stack: ExportStack, company: BenchCompany, timeoutMs: number, pollMs = 100) {
  const requested = Date.now();
  const batch = await stack.requestExport(company);
  const settled = await stack.settle(company, batch, timeoutMs, pollMs);
  const exportedAt = await stack.exportedTimes(company);
  return { requested, batch, settledAt: settled.at, view: settled.view, waitsMs: exportedAt.map((t) => t - requested) };
}

async function scenarioA(stack: ExportStack): Promise<void> {
  const company = await stack.newCompany('Bench A');
  await prepared(stack, company, transactions('card_expense', 500, 'a'), true);
  await stack.latency(company, LATENCY_MS);
  const run = await exportAndSettle(stack, company, 15 * 60_000);
  const pacing = pacingFigures(await stack.calls(company, run.requested), PACED.rateLimit, WINDOW_MS);
  const seconds = (run.settledAt - run.requested) / 1000;
  results['a'] = { expenses: 500, seconds, exportsPerSecond: 500 / seconds, counts: run.view.counts, pacing };
  row('a', '500 expenses with receipts, wall', `${fmt(seconds)} s (${fmt(500 / seconds, 2)} exports/s)`, '');
  row('a', 'Dinero calls (admitted / 429)', `${pacing.admitted} / ${pacing.refused}`, '');
  row('a', 'budget share used', `${fmt(pacing.budgetSharePercent)} %`, '≥ 90 %');
  row(
    'a',
    'busiest 6 s window; windows over',
    `${pacing.busiestWindow} calls; ${pacing.windowsOverBudget}`,
    '≤ 100; 0',
  );
  row('a', '429s answered', `${fmt(pacing.refusedPercent, 2)} %`, '≤ 0.5 %');
}

async function scenarioB(stack: ExportStack): Promise<void> {
  const company = await stack.newCompany('Bench B');
  await prepared(
    stack,
    company,
    [...transactions('reimbursement', 500, 'b'), ...transactions('wallet_top_up', 500, 'b')],
    false,
  );
  await stack.latency(company, LATENCY_MS);
  const run = await exportAndSettle(stack, company, 10 * 60_000);
  const calls = await stack.calls(company, run.requested);
  const seconds = (run.settledAt - run.requested) / 1000;
  const naiveOrg = await stack.newCompany('Bench B naive');
  await stack.latency(naiveOrg, LATENCY_MS);
  const naive = await naiveExport({
    sandboxUrl: stack.sandboxUrl,
    organizationId: naiveOrg.organizationId,
    apiKey: naiveOrg.apiKey,
    items: 200,
    budget: PACED.budget,
    windowMs: WINDOW_MS,
    parallel: 4,
  });
  const ours = 1000 / seconds;
  results['b'] = { items: 1000, seconds, itemsPerSecond: ours, calls: calls.length, counts: run.view.counts, naive };
  row('b', '1,000 reimbursements + top-ups, wall', `${fmt(seconds, 2)} s (${fmt(ours)} items/s)`, '');
  row('b', 'Dinero calls for them', `${calls.length} (${fmt(1000 / Math.max(1, calls.length))} items/call)`, '');
  row('b', 'naive, one item per call (200 items)', `${fmt(naive.itemsPerSecond, 2)} items/s`, '');
  row('b', 'ours against naive', `${fmt(ours / naive.itemsPerSecond)} ×`, '≥ 50 ×');
}

type CpuReading = ReturnType<ExportStack['cpuMs']>;
const PROCESS_KINDS = ['api', 'workers', 'sandbox'] as const;

/** CPU ms per item between two readings, by process kind: where the machine's two cores went. */
function cpuPerItem(before: CpuReading, after: CpuReading, items: number): CpuReading {
  const per = Object.fromEntries(PROCESS_KINDS.map((k) => [k, (after[k] - before[k]) / items]));
  return per as CpuReading;
}

/** "api / workers / sandbox" for the table. */
function cpuCells(per: CpuReading): string {
  return PROCESS_KINDS.map((k) => fmt(per[k], 2)).join(' / ');
}

async function scenarioC(stack: ExportStack): Promise<void> {
  // The solo figure: one small organization alone, the same backlog the fleet's small ones get.
  const solo = await stack.newCompany('Bench C solo');
  await prepared(stack, solo, transactions('card_expense', smallBacklog, 'c-solo'), true);
  await stack.latency(solo, LATENCY_MS);
  const soloRun = await exportAndSettle(stack, solo, 15 * 60_000);
  const soloSeconds = (soloRun.settledAt - soloRun.requested) / 1000;
  const soloWaits = waits(soloRun.waitsMs);
  const soloFirst = Math.min(...soloRun.waitsMs);

  const big = await stack.newCompany('Bench C big');
  await prepared(stack, big, transactions('card_expense', bigBacklog, 'c-big'), false);
  const small: BenchCompany[] = [];
  for (let i = 0; i < 49; i += 7) {
    const made = await Promise.all(
      Array.from({ length: Math.min(7, 49 - i) }, (_, k) => stack.newCompany(`Bench C ${i + k}`)),
    );
    small.push(...made);
  }
  for (const [i, company] of small.entries())
    await prepared(stack, company, transactions('card_expense', smallBacklog, `c-${i}`), true);
  for (const company of [big, ...small]) await stack.latency(company, LATENCY_MS);

  const fleetStart = Date.now();
  const cpuBefore = stack.cpuMs();
  const bigBatch = await stack.requestExport(big);
  // The backlog is queued and working before the small organizations ask.
  await new Promise((r) => setTimeout(r, 3000));
  // Each small organization's progress read once a second (the waits come from the exports' own times): 49 readers
  // every 100 ms took about half a core of the two between the api host and this process, away from the exports.
  const runs = await Promise.all(small.map((company) => exportAndSettle(stack, company, 30 * 60_000, 1000)));
  const fleetEnd = Math.max(...runs.map((r) => r.settledAt));
  const cpuAfter = stack.cpuMs();
  const bigView = await stack.batch(big, bigBatch.id);
  const bigDone = (bigView.counts['exported'] ?? 0) + (bigView.counts['failed'] ?? 0);
  const smallExported = runs.reduce((n, r) => n + r.waitsMs.length, 0);
  const exported = smallExported + bigDone;
  const fleetSeconds = (fleetEnd - fleetStart) / 1000;
  const smallWaits = waits(runs.flatMap((r) => r.waitsMs));
  const firstWaits = waits(runs.map((r) => Math.min(...r.waitsMs)));
  const fleetRate = exported / fleetSeconds;
  const soloRate = smallBacklog / soloSeconds;
  // "50 organizations at once": from the small ones' ask to the last one's end, with the backlog's exports of that
  // span. The whole run also holds the backlog's 3 s head start, when one organization's budget is all there is to
  // spend: even with every small one as fast as solo it stays under ~41 × (see docs/exports-benchmark.md).
  const askedAt = Math.min(...runs.map((r) => r.requested));
  const bigInSpan = (await stack.exportedTimes(big)).filter((t) => t >= askedAt && t <= fleetEnd).length;
  const spanSeconds = (fleetEnd - askedAt) / 1000;
  const spanRate = (smallExported + bigInSpan) / spanSeconds;
  // CPU ms per export during the fleet, by process kind (the big backlog's put-backs included).
  const cpuPerExport = cpuPerItem(cpuBefore, cpuAfter, exported);
  results['c'] = {
    organizations: 50,
    bigBacklog,
    smallBacklog,
    solo: { seconds: soloSeconds, exportsPerSecond: soloRate, waits: soloWaits, firstExportMs: soloFirst },
    fleet: {
      seconds: fleetSeconds,
      exported,
      exportsPerSecond: fleetRate,
      bigExported: bigDone,
      allAtOnce: { seconds: spanSeconds, exported: smallExported + bigInSpan, exportsPerSecond: spanRate },
      smallWaits,
      firstWaits,
      cpuMsPerExport: cpuPerExport,
    },
  };
  row('c', `solo: ${smallBacklog} expenses, one org`, `${fmt(soloSeconds)} s (${fmt(soloRate, 2)} exports/s)`, '');
  row('c', `fleet: 49 × ${smallBacklog} + ${bigBacklog} backlog`, `${exported} exported in ${fmt(fleetSeconds)} s`, '');
  row(
    'c',
    'fleet throughput against solo, all 50 exporting',
    `${fmt(spanRate, 2)} exports/s = ${fmt(spanRate / soloRate)} × (${fmt(spanSeconds)} s)`,
    '≥ 45 ×',
  );
  row(
    'c',
    "the same over the whole run (backlog's 3 s head start in)",
    `${fmt(fleetRate, 2)} exports/s = ${fmt(fleetRate / soloRate)} ×`,
    '',
  );
  row(
    'c',
    "small orgs' wait p95: fleet / solo",
    `${fmt(smallWaits.p95 / 1000)} s / ${fmt(soloWaits.p95 / 1000)} s`,
    'within 10 %',
  );
  row(
    'c',
    "small orgs' first export p95 / solo",
    `${fmt(firstWaits.p95 / 1000)} s / ${fmt(soloFirst / 1000)} s`,
    'a few s',
  );
  row('c', 'big backlog exported meanwhile', `${bigDone} of ${bigBacklog}`, '');
  row('c', 'CPU ms per export: api / workers / sandbox', cpuCells(cpuPerExport), '');
}

async function scenarioD(workers: number): Promise<void> {
  const stack = await ExportStack.start({
    workers,
    rateLimit: 1_000_000,
    rateWindowSeconds: 60,
    budget: 100_000,
    workerConcurrency: 64,
  });
  try {
    const figures: Record<string, unknown> = {};
    for (const [label, items] of [
      [
        '2,000 reimbursements + top-ups',
        [...transactions('reimbursement', 1000, `d${workers}`), ...transactions('wallet_top_up', 1000, `d${workers}`)],
      ],
      ['1,000 card expenses (no receipt)', transactions('card_expense', 1000, `d${workers}`)],
    ] as const) {
      const company = await stack.newCompany(`Bench D ${workers} ${label}`);
      const started = Date.now();
      const cpuBefore = stack.cpuMs();
      await prepared(stack, company, [...items], false);
      const run = await exportAndSettle(stack, company, 10 * 60_000);
      const cpuAfter = stack.cpuMs();
      const seconds = (run.settledAt - started) / 1000;
      const exportOnly = (run.settledAt - run.requested) / 1000;
      // CPU ms per item, HTTP in → exported, by process kind: where the machine's two cores went.
      const cpuPerOne = cpuPerItem(cpuBefore, cpuAfter, items.length);
      figures[label] = {
        items: items.length,
        seconds,
        exportOnlySeconds: exportOnly,
        perSecond: items.length / seconds,
        cpuMsPerItem: cpuPerOne,
        counts: run.view.counts,
      };
      row(
        `d (${workers} worker${workers > 1 ? 's' : ''})`,
        label,
        `${fmt(items.length / seconds)} /s HTTP in→exported (${fmt(items.length / exportOnly)} /s from the export request)`,
        '≥ 500 /s',
      );
      row('', 'CPU ms per item: api / workers / sandbox', cpuCells(cpuPerOne), '');
    }
    results[`d${workers}`] = figures;
  } finally {
    await stack.stop();
  }
}

async function main(): Promise<void> {
  const db = process.env['DATABASE_URL'] ? 'PostgreSQL' : 'SQLite';
  const started = Date.now();
  if (/[abc]/.test(scenarios)) {
    const stack = await ExportStack.start(PACED);
    try {
      if (scenarios.includes('a')) await scenarioA(stack);
      if (scenarios.includes('b')) await scenarioB(stack);
      if (scenarios.includes('c')) await scenarioC(stack);
    } finally {
      await stack.stop();
    }
  }
  if (scenarios.includes('d')) {
    await scenarioD(1);
    await scenarioD(2);
  }
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(...[['scenario', 'figure', 'measured', 'target'], ...table].map((r) => r[i]!.length)),
  );
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(
    `\nexports bench: ${db}, ${PACED.rateLimit} calls / ${PACED.rateWindowSeconds} s, ${LATENCY_MS} ms a call, ${PACED.workers} × ${PACED.workerConcurrency} job slots for (a)–(c), wall ${fmt((Date.now() - started) / 1000)} s`,
  );
  console.log(line(['scenario', 'figure', 'measured', 'target']));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of table) console.log(line(r));
  const out = join(ROOT, 'dist/bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'exports.json'),
    JSON.stringify(
      { database: db, measuredAt: new Date().toISOString(), settings: { ...PACED, latencyMs: LATENCY_MS }, results },
      null,
      2,
    ),
  );
  console.log(`\nJSON: dist/bench/exports.json`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
