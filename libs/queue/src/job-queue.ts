import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { JobMap, JobName, LEDGERBRIDGE_QUEUE } from './job-map';

export interface EnqueueOptions {
  /** Bull ignores a job whose id it already holds: the way to coalesce repeated wake-ups. */
  jobId?: string;
  delayMs?: number;
}

/** The one way the rest of the code puts work on the queue. */
@Injectable()
export class JobQueue {
  constructor(@InjectQueue(LEDGERBRIDGE_QUEUE) private readonly queue: Queue) {}

  async enqueue<N extends JobName>(name: N, payload: JobMap[N], options: EnqueueOptions = {}): Promise<string> {
    const job = await this.queue.add(name, payload, {
      jobId: options.jobId,
      delay: options.delayMs,
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    });
    return String(job.id);
  }

  /** Round-trips to Redis; used by the readiness check. */
  async ping(): Promise<void> {
    await this.queue.client.ping();
  }

  async counts(): Promise<Record<string, number>> {
    return { ...(await this.queue.getJobCounts()) };
  }
}
