import {
  createDataSource,
  dataSourceOptions,
  describeDatabase,
  type DatabaseSettings,
} from '@ledgerbridge/persistence';

const POLL_MS = 2000;

/** Raised when the schema is still behind this build after the wait: a worker never migrates it itself. */
export class SchemaNotReadyError extends Error {
  constructor(
    readonly pending: string[],
    waitedSeconds: number,
  ) {
    super(
      `LedgerBridge worker: the database still has ${pending.length} pending migration(s) after ${waitedSeconds} s ` +
        `(${pending.join(', ')}). A worker never migrates: run \`npm run migrate\` or start the api (ROLE=api) first.`,
    );
    this.name = 'SchemaNotReadyError';
  }
}

/** The migrations of this build not yet run on the database; reads only, so it creates no table. */
export async function pendingMigrations(settings: DatabaseSettings): Promise<string[]> {
  const options = dataSourceOptions(settings);
  const dataSource = createDataSource(options);
  await dataSource.initialize();
  try {
    const known = (options.migrations as Array<new () => { name?: string }>).map((m) => new m().name ?? m.name);
    const table = dataSource.options.migrationsTableName ?? 'migrations';
    const runner = dataSource.createQueryRunner();
    try {
      if (!(await runner.hasTable(table))) return known;
      const rows = (await runner.query(`SELECT name FROM ${runner.connection.driver.escape(table)}`)) as Array<{
        name: string;
      }>;
      const done = new Set(rows.map((row) => row.name));
      return known.filter((name) => !done.has(name));
    } finally {
      await runner.release();
    }
  } finally {
    await dataSource.destroy();
  }
}

/** Waits until the api (or `npm run migrate`) has brought the schema up to this build, saying so once. */
export async function waitForCurrentSchema(
  settings: DatabaseSettings,
  waitSeconds: number,
  say: (line: string) => void,
): Promise<void> {
  const deadline = Date.now() + waitSeconds * 1000;
  let told = false;
  for (;;) {
    const pending = await pendingMigrations(settings);
    if (pending.length === 0) return;
    if (Date.now() >= deadline) throw new SchemaNotReadyError(pending, waitSeconds);
    if (!told) {
      say(
        `LedgerBridge worker: ${describeDatabase(settings)} has ${pending.length} pending migration(s); waiting up to ` +
          `${waitSeconds} s for \`npm run migrate\` or the api to run them (a worker never migrates).`,
      );
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
