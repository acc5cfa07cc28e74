export { CompanyEntity } from './entities/company.entity';
export { ApiKeyEntity, type ApiKeyRole } from './entities/api-key.entity';
export {
  dataSourceOptions,
  DEFAULT_POOL_SIZE,
  describeDatabase,
  ENTITIES,
  MIGRATIONS,
  type DatabaseSettings,
} from './data-source-options';
export { AuditEntryEntity } from './entities/audit-entry.entity';
export { insertRows } from './insert-rows';
export { findRow } from './find-row';
export { guardedById, updateWhere, type SetOf } from './update-where';
export {
  ACTIVE_CONNECTION_STATUSES,
  ConnectionEntity,
  type ConnectionStatus,
  type SyncStatus,
} from './entities/connection.entity';
export { createDataSource, useZoneAwareTimestamps } from './zone-aware-timestamps';
export { LedgerAccountEntity } from './entities/ledger-account.entity';
export { TaxCodeEntity } from './entities/tax-code.entity';
export { CompanySetupEntity } from './entities/company-setup.entity';
export { CategoryEntity } from './entities/category.entity';
export {
  REIMBURSEMENT_SOURCES,
  TRANSACTION_KINDS,
  TRANSACTION_STATES,
  TransactionEntity,
  type ReimbursementSource,
  type TransactionKind,
  type TransactionLine,
  type TransactionState,
} from './entities/transaction.entity';
export { TransactionReceiptEntity } from './entities/transaction-receipt.entity';
export { EXPORT_STATES, ExportEntity, type ExportState } from './entities/export.entity';
export { ExportBatchEntity } from './entities/export-batch.entity';
export { ExportOutboxEntity, OUTBOX_JOB_KINDS, type OutboxJobKind } from './entities/export-outbox.entity';
