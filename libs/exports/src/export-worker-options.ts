export interface ExportWorkerOptions {
  /** How often the outbox relay looks for rows to turn into Bull jobs; 0 stops it (tests drive it by hand). */
  relayIntervalMs: number;
  relayBatchSize: number;
  /** How often the sweeper re-enqueues pending exports whose Bull job is gone; 0 stops it. */
  sweepIntervalMs: number;
  sweepBatchSize: number;
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
  sweepIntervalMs: 30_000,
  sweepBatchSize: 500,
  statusIntervalMs: 60_000,
  statusBatchSize: 1000,
  leaseTtlMs: 60_000,
  journalBatchMax: 500,
};
