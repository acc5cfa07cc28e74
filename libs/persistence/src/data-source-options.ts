import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { DataSourceOptions } from 'typeorm';
import { ApiKeyEntity } from './entities/api-key.entity';
import { AuditEntryEntity } from './entities/audit-entry.entity';
import { CategoryEntity } from './entities/category.entity';
import { CompanyEntity } from './entities/company.entity';
import { CompanySetupEntity } from './entities/company-setup.entity';
import { ConnectionEntity } from './entities/connection.entity';
import { LedgerAccountEntity } from './entities/ledger-account.entity';
import { TaxCodeEntity } from './entities/tax-code.entity';
import { TransactionEntity } from './entities/transaction.entity';
import { TransactionReceiptEntity } from './entities/transaction-receipt.entity';
import { ExportBatchEntity } from './entities/export-batch.entity';
import { ExportEntity } from './entities/export.entity';
import { ExportOutboxEntity } from './entities/export-outbox.entity';
import { CompaniesAndApiKeys1764000000000 } from './migrations/1764000000000-companies-and-api-keys';
import { AuditEntries1764000100000 } from './migrations/1764000100000-audit-entries';
import { ConnectionsChartSetup1764000200000 } from './migrations/1764000200000-connections-chart-setup';
import { HistoryKeysInstants1764000300000 } from './migrations/1764000300000-history-keys-instants';
import { LedgerAccountExpenseAllowed1764000400000 } from './migrations/1764000400000-ledger-account-expense-allowed';
import { ChartReferences1764000500000 } from './migrations/1764000500000-chart-references';
import { Transactions1764000600000 } from './migrations/1764000600000-transactions';
import { SetupFundingAccount1764000700000 } from './migrations/1764000700000-setup-funding-account';
import { Receipts1764000800000 } from './migrations/1764000800000-receipts';
import { Exports1764000900000 } from './migrations/1764000900000-exports';
import { ExportAttachment1764001000000 } from './migrations/1764001000000-export-attachment';
import { ExportBooked1764001100000 } from './migrations/1764001100000-export-booked';
import { ExportCreateSent1764001200000 } from './migrations/1764001200000-export-create-sent';
import { OutboxByExport1764001300000 } from './migrations/1764001300000-outbox-by-export';
import { OutboxCompany1764001400000 } from './migrations/1764001400000-outbox-company';
import { ExportsInFlight1764001500000 } from './migrations/1764001500000-exports-in-flight';

export const ENTITIES = [
  CompanyEntity,
  ApiKeyEntity,
  AuditEntryEntity,
  ConnectionEntity,
  LedgerAccountEntity,
  TaxCodeEntity,
  CompanySetupEntity,
  CategoryEntity,
  TransactionEntity,
  TransactionReceiptEntity,
  ExportBatchEntity,
  ExportEntity,
  ExportOutboxEntity,
];

/** In the order they run; a new migration is appended here (see docs/adr/0002-portable-migrations.md). */
export const MIGRATIONS = [
  CompaniesAndApiKeys1764000000000,
  AuditEntries1764000100000,
  ConnectionsChartSetup1764000200000,
  HistoryKeysInstants1764000300000,
  LedgerAccountExpenseAllowed1764000400000,
  ChartReferences1764000500000,
  Transactions1764000600000,
  SetupFundingAccount1764000700000,
  Receipts1764000800000,
  Exports1764000900000,
  ExportAttachment1764001000000,
  ExportBooked1764001100000,
  ExportCreateSent1764001200000,
  OutboxByExport1764001300000,
  OutboxCompany1764001400000,
  ExportsInFlight1764001500000,
];

/** PostgreSQL connections a process opens unless told (TypeORM's own default). */
export const DEFAULT_POOL_SIZE = 10;

export interface DatabaseSettings {
  /** `postgres://…` for PostgreSQL; unset for the embedded SQLite file. */
  databaseUrl?: string;
  /** Folder of the embedded SQLite file. */
  dataDir: string;
  /** PostgreSQL: the most connections this process opens (default DEFAULT_POOL_SIZE); SQLite has one. */
  poolSize?: number;
}

export function describeDatabase(settings: DatabaseSettings): string {
  if (!settings.databaseUrl) return `SQLite at ${join(settings.dataDir, 'ledgerbridge.sqlite')}`;
  const url = new URL(settings.databaseUrl);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, migrationsRun: false, synchronize: false } as const;
  if (settings.databaseUrl) {
    return {
      ...common,
      type: 'postgres',
      url: settings.databaseUrl,
      extra: { max: settings.poolSize ?? DEFAULT_POOL_SIZE },
    };
  }
  mkdirSync(settings.dataDir, { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: join(settings.dataDir, 'ledgerbridge.sqlite'),
    // Prepared statements kept per connection (TypeORM's default 100 is a FIFO that IN-lists of every length and the
    // hot paths' statements push each other out of; a miss prepares the statement again).
    statementCacheSize: 1000,
    // WAL lets the API read while a worker writes; busy_timeout makes a writer wait instead of failing.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
  };
}
