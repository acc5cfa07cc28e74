import type { DataSource, Logger } from 'typeorm';

interface Statement {
  query: string;
  parameters: unknown[];
}

/** The statements a piece of code sends, as TypeORM hands them to the driver. */
class StatementLog implements Logger {
  readonly statements: Statement[] = [];
  logQuery(query: string, parameters?: unknown[]): void {
    this.statements.push({ query, parameters: parameters ?? [] });
  }
  logQueryError(): void {
    // Only the statements sent are counted.
  }
  logQuerySlow(): void {
    // As above.
  }
  logSchemaBuild(): void {
    // As above.
  }
  logMigration(): void {
    // As above.
  }
  log(): void {
    // As above.
  }
}

/** Runs `work` and answers what it answered and the statements it sent through `ds`. */
export async function withStatements<T>(ds: DataSource, work: () => Promise<T>): Promise<[T, Statement[]]> {
  const log = new StatementLog();
  const own = ds as { logger: Logger };
  const logger = own.logger;
  own.logger = log;
  try {
    return [await work(), log.statements];
  } finally {
    own.logger = logger;
  }
}

interface PlanNode {
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Join Filter'?: number;
  Plans?: PlanNode[];
}

/** Rows a plan produced or threw away, over all its nodes and loops (EXPLAIN shows per-loop averages). */
function rowsOf(node: PlanNode): number {
  const own = node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Join Filter'] ?? 0);
  return own * node['Actual Loops'] + (node.Plans ?? []).reduce((n, child) => n + rowsOf(child), 0);
}

/**
 * PostgreSQL: the rows its executor touches running `statement` again now, under the statistics it has now, in a
 * transaction rolled back (an UPDATE changes nothing). A work bound counted by the database, not a timing.
 */
export async function rowsTouched(ds: DataSource, { query, parameters }: Statement): Promise<number> {
  const runner = ds.createQueryRunner();
  try {
    await runner.startTransaction();
    const [row] = (await runner.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${query}`, parameters)) as [
      { 'QUERY PLAN': [{ Plan: PlanNode }] },
    ];
    return rowsOf(row['QUERY PLAN'][0].Plan);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}
