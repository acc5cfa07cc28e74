import { ExportOutboxEntity } from '@ledgerbridge/persistence';
import { MOST_PRIORITY } from '@ledgerbridge/queue';
import type { DataSource } from 'typeorm';

/**
 * An outbox row a relay pass ranked: `turn` is its place among its company's rows still waiting in the outbox
 * (oldest first), `waiting` how many those are.
 */
export interface RankedRow {
  id: string;
  exportId: string;
  companyId: string;
  turn: number;
  waiting: number;
}

/** A company with rows waiting in the outbox: how many, its oldest row's time, and how many may go to Bull now. */
export interface WaitingCompany {
  companyId: string;
  waiting: number;
  oldest: number;
  /** Its waiting rows whose turn is within its cap of jobs in Bull (all of them without a cap). */
  within: number;
}

/**
 * Fairness in Bull: an export job's priority is its turn in its company, 1 + the company's queued exports ahead of it
 * (those already relayed — queued minus still waiting in the outbox — and those before it in the outbox). Bull
 * takes lower numbers first, FIFO among equals, so the workers take the first export of every company, then the
 * second of every company…: another company's first exports run before the 10,000th of one big backlog, and 49
 * companies asking at once are served side by side instead of one after another.
 */
export function turnInCompany(row: Pick<RankedRow, 'turn' | 'waiting'>, queued: number): number {
  const relayedAhead = Math.max(0, queued - row.waiting);
  return Math.max(1, Math.min(MOST_PRIORITY, relayedAhead + row.turn));
}

/** How many of a company's waiting rows have turns within `cap` (≤ 0: no cap), given its queued exports. */
export function withinCap(waiting: number, queued: number, cap: number): number {
  if (cap <= 0) return waiting;
  const relayedAhead = Math.max(0, queued - waiting);
  return Math.max(0, Math.min(waiting, cap - relayedAhead));
}

/**
 * How many rows a pass of `limit` takes from each company: every company's first (oldest companies first), then
 * every company's second…, each up to its `within` — the order the pass would rank all waiting rows in, without
 * reading them all.
 */
export function roundRobinShares(companies: readonly WaitingCompany[], limit: number): Map<string, number> {
  const shares = new Map<string, number>();
  let round = [...companies].filter((c) => c.within > 0).sort((a, b) => a.oldest - b.oldest);
  let left = limit;
  while (left > 0 && round.length > 0) {
    const next: WaitingCompany[] = [];
    for (const company of round) {
      if (left === 0) break;
      const share = (shares.get(company.companyId) ?? 0) + 1;
      shares.set(company.companyId, share);
      left -= 1;
      if (share < company.within) next.push(company);
    }
    round = next;
  }
  return shares;
}

/** Rows the relay may take now: not relayed, not held by another relay pass. */
const WAITING = 'relayed_at IS NULL AND (relay_until IS NULL OR relay_until < :now)';

/** Each company's waiting rows (index IDX_export_outbox_waiting): how many and the oldest's time. */
export async function waitingCompanies(ds: DataSource, now: Date): Promise<Array<Omit<WaitingCompany, 'within'>>> {
  const rows = await ds
    .createQueryBuilder()
    .select('o.company_id', 'companyId')
    .addSelect('COUNT(*)', 'waiting')
    .addSelect('MIN(o.created_at)', 'oldest')
    .from('export_outbox', 'o')
    .where(WAITING, { now })
    .groupBy('o.company_id')
    .getRawMany<{ companyId: string; waiting: string | number; oldest: string | Date }>();
  const instant = instants(ds);
  return rows.map((r) => ({ companyId: r.companyId, waiting: Number(r.waiting), oldest: instant(r.oldest) }));
}

/**
 * The oldest `share` waiting rows of each company, in one statement (one LIMITed read of the index per company),
 * ranked by turn and then age: every company's first, then every company's second…
 */
export async function oldestRows(
  ds: DataSource,
  now: Date,
  companies: ReadonlyMap<string, WaitingCompany>,
  shares: ReadonlyMap<string, number>,
): Promise<RankedRow[]> {
  if (shares.size === 0) return [];
  const entries = [...shares];
  const rows: OutboxRow[] = [];
  for (let i = 0; i < entries.length; i += MOST_PER_STATEMENT) {
    rows.push(...(await readOldest(ds, now, entries.slice(i, i + MOST_PER_STATEMENT))));
  }
  const instant = instants(ds);
  const seen = new Map<string, number>();
  const ranked = rows
    .map((r) => ({ r, at: instant(r.created_at) }))
    .sort((a, b) => a.at - b.at)
    .map(({ r, at }) => {
      const turn = (seen.get(r.company_id) ?? 0) + 1;
      seen.set(r.company_id, turn);
      return {
        at,
        row: {
          id: r.id,
          exportId: r.export_id,
          companyId: r.company_id,
          turn,
          waiting: companies.get(r.company_id)?.waiting ?? turn,
        },
      };
    });
  ranked.sort((a, b) => a.row.turn - b.row.turn || a.at - b.at);
  return ranked.map((r) => r.row);
}

interface OutboxRow {
  id: string;
  export_id: string;
  company_id: string;
  created_at: string | Date;
}

/** Companies per statement: SQLite allows 500 terms in one compound SELECT. */
const MOST_PER_STATEMENT = 100;

async function readOldest(ds: DataSource, now: Date, shares: Array<[string, number]>): Promise<OutboxRow[]> {
  const params: Record<string, unknown> = { now };
  const parts = shares.map(([companyId, share], i) => {
    params[`c${i}`] = companyId;
    params[`n${i}`] = share;
    return (
      `SELECT * FROM (SELECT id, export_id, company_id, created_at FROM export_outbox ` +
      `WHERE company_id = :c${i} AND ${WAITING} ORDER BY created_at LIMIT :n${i}) r${i}`
    );
  });
  const [sql, bound] = ds.driver.escapeQueryWithParameters(parts.join(' UNION ALL '), params, {});
  return (await ds.query(sql, bound)) as OutboxRow[];
}

/** A raw `created_at` (SQLite's stored text, PostgreSQL's Date) as epoch ms, by the driver's own conversion. */
function instants(ds: DataSource): (value: string | Date) => number {
  const column = ds.getMetadata(ExportOutboxEntity).findColumnWithPropertyName('createdAt')!;
  return (value) => (ds.driver.prepareHydratedValue(value, column) as Date).getTime();
}
