import { existsSync } from 'node:fs';
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
      await client.query(
        sql.replace(
          /\?/g,
          (() => {
            let i = 0;
            return () => `$${++i}`;
          })(),
        ),
        params,
      );
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

/** A fresh database on the given server, so a run (or a suite) starts from an empty schema. */
export async function freshPostgresDatabase(serverUrl: string): Promise<{ url: string; name: string }> {
  const name = `lb_e2e_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

export async function dropPostgresDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** The tables of a database given as the host takes it (DATABASE_URL, or the SQLite file in DATA_DIR). */
export async function listTables(target: { databaseUrl?: string; dataDir: string }): Promise<string[]> {
  if (target.databaseUrl) {
    const client = new Client({ connectionString: target.databaseUrl });
    await client.connect();
    try {
      const res = await client.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      );
      return res.rows.map((row) => row.name);
    } finally {
      await client.end();
    }
  }
  const file = join(target.dataDir, 'ledgerbridge.sqlite');
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1").all() as Array<{
      name: string;
    }>;
    return rows.map((row) => row.name);
  } finally {
    db.close();
  }
}
