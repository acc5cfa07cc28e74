import type { JournalEntry } from '@ledgerbridge/connector-sdk';
import type { MappingResult } from '@ledgerbridge/mapping';
import type { ExportEntity } from '@ledgerbridge/persistence';
import type { ExportError } from './export-ledger';

/** What one `export.run` job asks: run this export as far as the ledger allows. */
export interface ExportRunRequest {
  companyId: string;
  exportId: string;
}

export type ExportRunOutcome =
  | 'not_pending'
  | 'lost_race'
  | 'needs_attention'
  | 'write_not_built'
  | 'lease_lost'
  | 'exported'
  | 'failed'
  | 'in_doubt'
  | 'released';

/** The port the export job calls; the host binds it (EXPORT_RUNNER) to `LedgerExportRunner`. */
export interface ExportRunner {
  run(request: ExportRunRequest): Promise<ExportRunOutcome>;
}
export const EXPORT_RUNNER = Symbol('EXPORT_RUNNER');

/** The postings the rules produced for an export that can be sent. */
export type Sendable = Exclude<MappingResult, { kind: 'needs_attention' }>;

/** How a provider write ended, as the ledger records it. */
export type WriteOutcome =
  | { kind: 'exported'; providerId: string; providerStatus?: string; providerVersion?: string }
  | { kind: 'failed' | 'needs_attention' | 'in_doubt'; error: ExportError }
  /** Nothing was written (no budget, a retryable error before sending): back to queued, the job put back. */
  | { kind: 'released'; error?: ExportError; retryAfterMs?: number }
  /** Another worker took the export over: this one writes nothing more and records nothing. */
  | { kind: 'lease_lost' };

/**
 * THE SEAM for the provider write (issue #14 point 4): uploads the receipt, creates the voucher or ledger items
 * through the connector, looks lost answers up. `built: false` keeps exports queued and untouched until it exists.
 * `row.attempts > 1` means an earlier attempt may have written: look it up before writing again. Each provider call
 * is preceded by a guarded write that checks and extends the lease (`ExportLedger.extendLeases`, `setUnderLease`).
 */
export interface ExportWriter {
  readonly built: boolean;
  /**
   * Before the claim: finds where to write and reserves the calls the write needs. Throws a PutBack when the
   * organization's budget is spent, so the export stays queued and no attempt is counted. Its answer goes to write.
   * It runs after `row` was read and before the claim, which expects `row` unchanged (same state and attempts): what
   * it reads of the export's transaction (e.g. its receipt, which changes only with the export out of the queue)
   * holds for the attempt the claim starts.
   */
  prepare?(row: ExportEntity, postings: Sendable): Promise<unknown>;
  write(row: ExportEntity, postings: Sendable, leaseOwner: string, prepared?: unknown): Promise<WriteOutcome>;
  /** How many journal entries one call may carry under `prepared` (the lead's plan); 0 or absent: no batching. */
  journalBatchLimit?(prepared: unknown): number;
  /**
   * Sends claimed journal entries (each its own leased export) in one provider call, paid by the lead's `prepared`
   * reservation; one outcome per item, in the order given.
   */
  writeJournalBatch?(items: readonly JournalItem[], leaseOwner: string, prepared: unknown): Promise<WriteOutcome[]>;
}

/** One claimed export of a journal batch and the entry the rules made of it. */
export interface JournalItem {
  readonly row: ExportEntity;
  readonly entry: JournalEntry;
}
export const EXPORT_WRITER = Symbol('EXPORT_WRITER');
