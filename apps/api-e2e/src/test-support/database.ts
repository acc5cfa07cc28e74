import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { e2eEnv } from './e2e-env';

/** Runs one SQL statement straight on the host's database, as an intruder or an operator would. */
export async function execSql(sql: string, params: unknown[] = []): Promise<void> {
  const env = e2eEnv();
  if (env.databaseUrl) {
    const client = new Client({ connectionString: env.databaseUrl });
    await client.connect();
    try {
      await client.query(sql.replace(/\?/g, (() => { let i = 0; return () => `$${++i}`; })()), params);
    } finally {
      await client.end();
    }
    return;
  }
  const db = new Database(join(env.dataDir, 'ledgerbridge.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}
