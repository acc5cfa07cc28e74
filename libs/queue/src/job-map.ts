/**
 * Every background job, by name, with its payload type. Payloads carry ids, never secrets:
 * the worker reads what it needs from the database, which stays the truth.
 */
export interface JobMap {
  'api-key.used': { keyId: string; usedAt: string };
  /** Pull a company's chart of accounts and VAT codes from its provider. */
  'chart.sync': { companyId: string; connectionId: string; reason: 'connected' | 'requested' | 'scheduled' };
  /** Repeats on a schedule: enqueues a chart.sync for every connected company. */
  'chart.sync-all': Record<string, never>;
  /** Wake a worker for one export; the export ledger (not this payload) says what to do. Job id = export id. */
  'export.run': { companyId: string; exportId: string };
  /** Read the state of one company's exported documents at its provider (booked, deleted). Job id per company. */
  'export.status': { companyId: string };
}

export type JobName = keyof JobMap;

/** One queue for all jobs: job names route work, and per-organization pacing is done by the ledger, not Bull. */
export const LEDGERBRIDGE_QUEUE = 'ledgerbridge';

/** What a handler may tell the queue while it works. */
export interface JobContext {
  readonly jobId: string;
  /** 0–100, readable by whoever polls the job. */
  progress(percent: number): Promise<void>;
}

/** A handler for one job name; the worker finds it by name. Its return value is kept as the job's result. */
export interface JobHandler<N extends JobName> {
  readonly jobName: N;
  handle(payload: JobMap[N], context: JobContext): Promise<unknown>;
}
