export interface ExportWorkerOptions {
  /** How often the outbox relay looks for rows to turn into Bull jobs; 0 stops it (tests drive it by hand). */
  relayIntervalMs: number;
  relayBatchSize: number;
  /**
   * The most export jobs of one company in Bull at once, by turn (see turnInCompany); its later rows wait in the
   * outbox and a pass takes them as earlier ones finish, so a 10,000-export backlog does not pass every job through a
   * worker to book a turn its budget gives hours later. 0: no cap.
   */
  relayCompanyCap: number;
  /** How often the sweeper re-enqueues pending exports whose Bull job is gone; 0 stops it. */
  sweepIntervalMs: number;
  sweepBatchSize: number;
  /** How long an outbox row is kept after its job reached Bull (OutboxPruner, on the sweeper's interval). */
  outboxRetentionMs: number;
  /** How often exported documents are read at the provider for their booking or deletion; 0 stops it. */
  statusIntervalMs: number;
  /** The most exported documents of one company one status job reads. */
  statusBatchSize: number;
  /** How long a worker's claim on an export lasts unless extended. */
  leaseTtlMs: number;
  /** The host's cap on journal entries in one provider call (the connector's own limit applies too). */
  journalBatchMax: number;
}

export const EXPORT_WORKER_OPTIONS = Symbol('EXPORT_WORKER_OPTIONS');

export const DEFAULT_EXPORT_WORKER_OPTIONS: ExportWorkerOptions = {
  relayIntervalMs: 250,
  relayBatchSize: 200,
  relayCompanyCap: 500,
  sweepIntervalMs: 30_000,
  sweepBatchSize: 500,
  outboxRetentionMs: 24 * 60 * 60_000,
  statusIntervalMs: 60_000,
  statusBatchSize: 1000,
  leaseTtlMs: 60_000,
  journalBatchMax: 500,
};
