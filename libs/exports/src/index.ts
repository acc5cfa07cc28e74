export { ExportsModule, ExportWorkersModule } from './exports.module';
export { exportIdOf } from './export-id';
export { chartFactsOf, mappingTransactionOf } from './mapping-input';
export {
  ExportLedger,
  WORKER_ACTOR,
  type ExportError,
  type LedgerResult,
  type TransitionChange,
} from './export-ledger';
export { writeOutbox } from './outbox-writes';
export {
  ALLOWED_TRANSITIONS,
  InvalidTransitionError,
  PENDING_STATES,
  RE_EXPORTABLE_STATES,
  SETTLED_STATES,
  isAllowedTransition,
} from './export-transitions';
export { RECEIPT_OPEN_STATES, ReceiptChangeRefused, ReceiptChanges } from './receipt-changes';
export { ExportRequestError, ExportRequests, type BatchView, type Resolution, type Selection } from './export-requests';
export {
  EXPORT_RUNNER,
  EXPORT_WRITER,
  type ExportRunner,
  type ExportRunOutcome,
  type ExportRunRequest,
  type ExportWriter,
  type Sendable,
  type WriteOutcome,
} from './export-runner';
export { LedgerExportRunner } from './ledger-export-runner';
export { ProviderWriteNotBuilt } from './provider-write-not-built';
export { ConnectorExportWriter, type WritePlan } from './connector-export-writer';
export { EXPORT_CONNECTIONS, EXPORT_RECEIPTS, type ExportConnections, type ExportReceipts } from './export-write-ports';
export { OutboxRelay } from './outbox-relay';
export { OutboxPruner } from './outbox-pruner';
export { ExportSweeper } from './export-sweeper';
export { ExportRunJob } from './jobs/export-run.job';
export { ExportStatusJob } from './jobs/export-status.job';
export { StatusFollower, type FollowResult } from './status-follower';
export { StatusFollowPass } from './status-follow-pass';
export {
  DEFAULT_EXPORT_WORKER_OPTIONS,
  EXPORT_WORKER_OPTIONS,
  type ExportWorkerOptions,
} from './export-worker-options';
