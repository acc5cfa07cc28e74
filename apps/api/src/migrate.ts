// `npm run migrate`: runs the pending migrations and exits, 0 when the schema is current, 1 on any failure.
// Same environment as the api (DATABASE_URL or DATA_DIR); UTC for the same reason as main.ts.
process.env['TZ'] = 'UTC';
import 'reflect-metadata';
import { describeDatabase } from '@ledgerbridge/persistence';
import { ConfigurationError, loadConfig } from './config/app-config';
import { runPendingMigrations } from './lifecycle/migrations';

async function migrate(): Promise<void> {
  const config = loadConfig(process.env);
  const settings = { databaseUrl: config.databaseUrl, dataDir: config.dataDir };
  const ran = await runPendingMigrations(settings);
  const where = describeDatabase(settings);
  process.stdout.write(
    ran.length === 0
      ? `No pending migrations: ${where} is current.\n`
      : `Ran ${ran.length} migration(s) on ${where}: ${ran.join(', ')}.\n`,
  );
}

migrate().then(
  () => process.exit(0),
  (err: unknown) => {
    const message =
      err instanceof ConfigurationError
        ? err.message
        : `Migration failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  },
);
