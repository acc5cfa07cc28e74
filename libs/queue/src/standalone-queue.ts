import Bull from 'bull';
import { JobQueue } from './job-queue';
import { RETRY_BACKOFF, bullBackoff } from './retry-policy';

export interface StandaloneQueue {
  jobs: JobQueue;
  /** Ids of the jobs Bull holds in the given states. */
  jobIds(states?: ('waiting' | 'delayed' | 'active' | 'completed' | 'failed')[]): Promise<string[]>;
  /** FLUSHALL on the queue's Redis: what a replaced or flushed Redis looks like to the pipeline. */
  flushRedis(): Promise<void>;
  /** Runs every job of this queue in this process with `handler` (a stand-in worker). */
  process(handler: (name: string, data: unknown, jobId: string) => Promise<unknown>): void;
  close(): Promise<void>;
}

/** A JobQueue outside Nest, on its own queue name (int-specs, tools), so callers never import Bull themselves. */
export function standaloneQueue(redisUrl: string, name: string): StandaloneQueue {
  const queue = new Bull(name, redisUrl, { settings: { backoffStrategies: { [RETRY_BACKOFF]: bullBackoff } } });
  return {
    jobs: new JobQueue(queue),
    jobIds: async (states = ['waiting', 'delayed', 'active']) =>
      (await queue.getJobs(states)).filter((j) => j !== null).map((j) => String(j.id)),
    flushRedis: async () => {
      await queue.client.flushall();
    },
    process: (handler) => {
      void queue.process('*', (job) => handler(job.name, job.data, String(job.id)));
    },
    close: async () => {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    },
  };
}
