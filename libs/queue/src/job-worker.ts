import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { JobHandler, JobName, LEDGERBRIDGE_QUEUE } from './job-map';
import { BudgetSpentError } from './pacing-budget';
import { PutBack } from './put-back';
import { retryDelayMs } from './retry-policy';

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');
/** How many jobs one worker process runs at once (the host's WORKER_CONCURRENCY). */
export const WORKER_CONCURRENCY = Symbol('WORKER_CONCURRENCY');
export const DEFAULT_WORKER_CONCURRENCY = 4;

// The store gives turns a window apart; within one, a little spread keeps jobs from returning at one instant.
const PUT_BACK_SPREAD = 0.1;
const MOST_PUT_BACK_SPREAD_MS = 250;

/**
 * Runs in worker processes only (ROLE=worker or all): takes up to `concurrency` jobs of every name at once and hands
 * each to the handler registered for its name. Jobs are I/O-bound (provider calls), and one whose organization has
 * no budget left is put back rather than holding its slot, so a higher concurrency mostly buys parallel calls.
 */
@Injectable()
export class JobWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobWorker.name);
  private readonly byName: Map<JobName, JobHandler<JobName>>;

  constructor(
    @Inject(JOB_HANDLERS) handlers: JobHandler<JobName>[],
    @Optional() @InjectQueue(LEDGERBRIDGE_QUEUE) private readonly queue?: Queue,
    @Optional() @Inject(WORKER_CONCURRENCY) private readonly concurrency: number = DEFAULT_WORKER_CONCURRENCY,
  ) {
    this.byName = new Map(handlers.map((h) => [h.jobName, h]));
  }

  onApplicationBootstrap(): void {
    if (!this.queue) return;
    // Bull's promise settles only when the queue closes; a failure to start is logged, not left unhandled.
    this.queue
      .process('*', this.concurrency, (job: Job) => this.run(job))
      .catch((err: unknown) => this.logger.error(`The worker stopped taking jobs: ${(err as Error).message}`));
    this.logger.log(`Takes up to ${this.concurrency} jobs at once.`);
  }

  async run(job: Job): Promise<unknown> {
    const handler = this.byName.get(job.name as JobName);
    if (!handler) {
      // A job this build does not know (an older or newer release put it there): fail it visibly, never drop it.
      throw new Error(`No handler for job "${job.name}" (job ${job.id}).`);
    }
    try {
      const result = await handler.handle(job.data, {
        jobId: String(job.id),
        progress: async (percent) => {
          await job.progress(Math.max(0, Math.min(100, Math.round(percent))));
        },
      });
      this.logger.debug(`Job ${job.name} ${job.id} done.`);
      return result;
    } catch (err) {
      const back = putBackOf(err);
      if (back !== undefined) throw await this.putBack(job, back);
      // A permanent failure (wrong credentials, invalid content…) would fail the same way again: no attempt more.
      if (retryDelayMs(job.attemptsMade + 1, err) === null) {
        job.discard();
        this.logger.warn(
          `Job ${job.name} ${job.id} failed permanently and will not be repeated: ${(err as Error).message}`,
        );
      }
      throw err;
    }
  }

  /**
   * Bull 4 has no public "delay the active job": the rejection is handed to Bull's own failure path, which moves the
   * job to delayed atomically (lock checked, slot freed), with the attempt it adds taken off first and this one
   * delay as its backoff (in memory only: the job's stored options stay as they were).
   */
  private async putBack(job: Job, back: PutBack): Promise<PutBack> {
    const waitMs = Math.max(1, back.untilMs - Date.now());
    const delay = Math.ceil(waitMs + Math.random() * Math.min(MOST_PUT_BACK_SPREAD_MS, waitMs * PUT_BACK_SPREAD));
    job.attemptsMade -= 1;
    job.opts = { ...job.opts, backoff: { type: 'fixed', delay } };
    await job.log(`put back for ${delay} ms: ${back.reason}`).catch(() => undefined);
    this.logger.debug(`Job ${job.name} ${job.id} put back for ${delay} ms: ${back.reason}`);
    return back;
  }
}

// The budget's own refusal (nothing sent) is a put-back too, so handlers that only take() never burn attempts.
function putBackOf(err: unknown): PutBack | undefined {
  if (err instanceof PutBack) return err;
  if (err instanceof BudgetSpentError) return new PutBack(Date.now() + (err.retryAfterMs ?? 1), err.message);
  return undefined;
}
