import { createDataSource, dataSourceOptions, type DatabaseSettings } from '@ledgerbridge/persistence';

/** Runs every pending migration, each in its own transaction, and returns the names of those it ran. */
export async function runPendingMigrations(settings: DatabaseSettings): Promise<string[]> {
  const dataSource = createDataSource(dataSourceOptions(settings));
  await dataSource.initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
