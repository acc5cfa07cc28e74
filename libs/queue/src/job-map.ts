/**
 * Every background job, by name, with its payload type. Payloads carry ids, never secrets:
 * the worker reads what it needs from the database, which stays the truth.
 */
export interface JobMap {
  'api-key.used': { keyId: string; usedAt: string };
}

export type JobName = keyof JobMap;

/** One queue for all jobs: job names route work, and per-organization pacing is done by the ledger, not Bull. */
export const LEDGERBRIDGE_QUEUE = 'ledgerbridge';

/** A handler for one job name; the worker finds it by name. */
export interface JobHandler<N extends JobName> {
  readonly jobName: N;
  handle(payload: JobMap[N]): Promise<void>;
}
