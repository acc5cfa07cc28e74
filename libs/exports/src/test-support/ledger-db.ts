import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  CompanyEntity,
  ConnectionEntity,
  createDataSource,
  dataSourceOptions,
  ExportEntity,
  TransactionEntity,
} from '@ledgerbridge/persistence';
import { DataSource } from 'typeorm';
import { exportIdOf } from '../export-id';
import { NO_DETAILS } from './transaction-details';

export const databaseUrl = process.env['DATABASE_URL'] || undefined;
export const databaseName = databaseUrl ? 'PostgreSQL' : 'SQLite';

/** A migrated database of its own (SQLite in a temp folder, or the DATABASE_URL PostgreSQL, emptied first). */
export async function migratedDatabase(): Promise<{
  ds: DataSource;
  open: () => Promise<DataSource>;
  close: () => Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'lb-exports-'));
  const open = async () => createDataSource(dataSourceOptions({ databaseUrl, dataDir: dir })).initialize();
  const ds = await open();
  await ds.dropDatabase();
  await ds.runMigrations();
  return {
    ds,
    open,
    close: async () => {
      await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A company connected to `dinero`, with `count` received transactions. */
export async function companyWithTransactions(ds: DataSource, count: number, connected = true) {
  const companyId = randomUUID();
  await ds.getRepository(CompanyEntity).insert({ id: companyId, name: `Company ${companyId.slice(0, 8)}` });
  if (connected)
    await ds.getRepository(ConnectionEntity).insert({
      id: randomUUID(),
      companyId,
      providerKey: 'dinero',
      organizationId: '100001',
      authMethod: 'api_key',
      status: 'connected',
    });
  const transactionIds = Array.from({ length: count }, () => randomUUID());
  const rows = transactionIds.map((id, i) => ({
    id,
    companyId,
    platformId: `pf-${id}`,
    kind: 'reimbursement' as const,
    state: 'received' as const,
    version: 1,
    bookedOn: '2026-11-24',
    amount: 10_000 + i,
    currency: 'DKK',
    ...NO_DETAILS,
    paidFrom: 'bank_transfer' as const,
    contentHash: 'f'.repeat(64),
  }));
  // A hundred rows a statement: within SQLite's bound on parameters, and quick for the specs that need thousands.
  for (let i = 0; i < rows.length; i += 100) await ds.getRepository(TransactionEntity).insert(rows.slice(i, i + 100));
  return { companyId, transactionIds };
}

/** An export row in the given state, inserted directly (the ledger's own tests start from any state). */
export async function exportIn(ds: DataSource, companyId: string, transactionId: string, state: ExportEntity['state']) {
  const id = exportIdOf(companyId, transactionId, 1, 'dinero');
  await ds.getRepository(ExportEntity).insert({
    id,
    companyId,
    transactionId,
    transactionVersion: 1,
    providerKey: 'dinero',
    state,
  });
  return id;
}
