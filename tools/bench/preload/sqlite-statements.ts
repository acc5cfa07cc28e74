/**
 * A `BENCH_PRELOAD` for the benchmarks' child processes: times every SQLite statement the process runs (better-sqlite3
 * is synchronous, so a statement's wall time is time its event loop was held) and, once a second, writes its totals
 * by statement text, largest first, to `dist/bench/sqlite-statements-<role>-<pid>.txt`.
 *
 *   BENCH_PRELOAD=tools/bench/preload/sqlite-statements.ts npm run bench:exports -- d
 *
 * A process that never opens SQLite (the sandbox) writes nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

interface Total {
  count: number;
  ns: bigint;
}

const totals = new Map<string, Total>();
const RUNS = ['run', 'all', 'get', 'iterate'] as const;

/** One key per statement shape: whitespace folded, an IN list of any length as one, cut to a readable length. */
function keyOf(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/(\?, ?)+\?/g, '?…')
    .slice(0, 140);
}

function timed<T extends (...args: never[]) => unknown>(key: string, run: T): T {
  return function (this: unknown, ...args: Parameters<T>) {
    const began = process.hrtime.bigint();
    try {
      return run.apply(this, args);
    } finally {
      const total = totals.get(key) ?? { count: 0, ns: 0n };
      total.count += 1;
      total.ns += process.hrtime.bigint() - began;
      totals.set(key, total);
    }
  } as T;
}

const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: Database.Database, source: string) {
  const statement = prepare.call(this, source) as unknown as Record<string, (...args: never[]) => unknown>;
  const key = keyOf(source);
  for (const name of RUNS) if (typeof statement[name] === 'function') statement[name] = timed(key, statement[name]);
  return statement as unknown as Database.Statement;
} as typeof prepare;

function report(): string {
  const rows = [...totals].sort((a, b) => Number(b[1].ns - a[1].ns));
  const all = rows.reduce((sum, [, t]) => sum + Number(t.ns), 0);
  const line = ([key, t]: [string, Total]) =>
    `${(Number(t.ns) / 1e6).toFixed(0).padStart(7)} ms ${String(t.count).padStart(7)} × ` +
    `${(Number(t.ns) / t.count / 1e3).toFixed(0).padStart(6)} µs  ${key}`;
  return [`${(all / 1e6).toFixed(0)} ms in ${rows.length} statements`, ...rows.slice(0, 40).map(line), ''].join('\n');
}

const out = join(process.cwd(), 'dist', 'bench');
const file = join(out, `sqlite-statements-${process.env['ROLE'] ?? 'process'}-${process.pid}.txt`);
setInterval(() => {
  if (totals.size === 0) return;
  mkdirSync(out, { recursive: true });
  writeFileSync(file, report());
}, 1_000).unref();
