import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompanyEntity, createDataSource, dataSourceOptions } from '@ledgerbridge/persistence';
import type { DataSource } from 'typeorm';
import { AuditTrail } from '../audit-trail';
import { AuditVerifier } from '../audit-verifier';

export interface AuditTestDb {
  ds: DataSource;
  trail: AuditTrail;
  verifier: AuditVerifier;
  /** SQLite's folder (unused on PostgreSQL), for a second DataSource standing for another process. */
  dataDir: string;
  /** A new company (entries name a company that exists: a foreign key); answers its id. */
  company(): Promise<string>;
}

/**
 * A migrated database for one spec file, SQLite in a folder of its own or PostgreSQL when DATABASE_URL is set, with
 * an audit trail and verifier over it: ready from the file's beforeAll, destroyed after its tests.
 */
export function useAuditTestDb(): AuditTestDb {
  let n = 0;
  const db: AuditTestDb = {
    ds: undefined as unknown as DataSource,
    trail: undefined as unknown as AuditTrail,
    verifier: undefined as unknown as AuditVerifier,
    dataDir: '',
    company: async () => {
      const id = `c0000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
      await db.ds.getRepository(CompanyEntity).insert({ id, name: `Company ${n}` });
      return id;
    },
  };
  beforeAll(async () => {
    db.dataDir = mkdtempSync(join(tmpdir(), 'lb-audit-'));
    db.ds = createDataSource(
      dataSourceOptions({ databaseUrl: process.env['DATABASE_URL'] || undefined, dataDir: db.dataDir }),
    );
    await db.ds.initialize();
    await db.ds.dropDatabase();
    await db.ds.runMigrations();
    db.trail = new AuditTrail(db.ds);
    db.verifier = new AuditVerifier(db.ds);
  });
  afterAll(async () => {
    await db.ds?.destroy();
    rmSync(db.dataDir, { recursive: true, force: true });
  });
  return db;
}
