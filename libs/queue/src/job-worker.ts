import { Process, Processor } from '@nestjs/bull';
import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { JobHandler, JobName, LEDGERBRIDGE_QUEUE } from './job-map';
import { retryDelayMs } from './retry-policy';

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');

/** Runs in worker processes only (ROLE=worker or all): hands each job to the handler registered for its name. */
@Processor(LEDGERBRIDGE_QUEUE)
export class JobWorker {
  private readonly logger = new Logger(JobWorker.name);
  private readonly byName: Map<JobName, JobHandler<JobName>>;

  constructor(@Inject(JOB_HANDLERS) handlers: JobHandler<JobName>[]) {
    this.byName = new Map(handlers.map((h) => [h.jobName, h]));
  }

  @Process({ name: '*', concurrency: 4 })
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
}
