import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { JobMap, JobName, LEDGERBRIDGE_QUEUE } from './job-map';
import { RETRY_BACKOFF } from './retry-policy';

export interface JobState {
  id: string;
  name: string;
  state: 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'paused' | 'stuck';
  progress: number;
  data: unknown;
  result: unknown;
  failedReason: string | null;
  attemptsMade: number;
}

export interface EnqueueOptions {
  /** Bull ignores a job whose id it already holds: the way to coalesce repeated wake-ups. */
  jobId?: string;
  delayMs?: number;
  attempts?: number;
  /** Drop the job from Redis once it ends, so its `jobId` can be used again (Bull ignores an id it still holds). */
  removeWhenDone?: boolean;
  /**
   * Bull's priority, 1 (first) to MOST_PRIORITY; every job has one (default 1) because Bull runs jobs without a
   * priority after all prioritized ones. Exports use it for fairness: a job's priority is its turn in its company.
   */
  priority?: number;
}

/** Bull's priorities fit 21 bits. */
export const MOST_PRIORITY = 2 ** 21 - 1;

const HELD_COMMAND = 'ledgerbridgeJobHeld' as const;
// KEYS: the job's hash, delayed, priority, active, wait, paused; ARGV[1]: the job id. 'held': Bull will run it (or
// runs it); 'finished': completed, failed, or in no list at all (what Bull's getState calls stuck).
const HELD_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'absent' end
if redis.call('ZSCORE', KEYS[2], ARGV[1]) or redis.call('ZSCORE', KEYS[3], ARGV[1]) then return 'held' end
for i = 4, 6 do if redis.call('LPOS', KEYS[i], ARGV[1]) then return 'held' end end
return 'finished'`;

const DROP_COMMAND = 'ledgerbridgeDropWaiting' as const;
// KEYS: the job's hash, wait, paused, priority; ARGV[1]: the job id. Only a job still waiting is dropped (as Bull's
// removeJob drops it: its lists, its priority, its hash and logs); an active, delayed or finished one is left alone.
const DROP_SCRIPT = `
if redis.call('LREM', KEYS[2], 0, ARGV[1]) + redis.call('LREM', KEYS[3], 0, ARGV[1]) == 0 then return 0 end
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('DEL', KEYS[1], KEYS[1] .. ':logs')
return 1`;

/** The one way the rest of the code puts work on the queue. */
@Injectable()
export class JobQueue {
  constructor(@InjectQueue(LEDGERBRIDGE_QUEUE) private readonly queue: Queue) {}

  async enqueue<N extends JobName>(name: N, payload: JobMap[N], options: EnqueueOptions = {}): Promise<string> {
    const job = await this.queue.add(name, payload, bullOptions(options));
    return String(job.id);
  }

  /**
   * Many jobs in one round trip to Redis (one MULTI). Answers, per job in order, whether Redis took it: Bull's bulk
   * add does not report a single job's failure, so a job without an id is one Redis did not take.
   */
  async enqueueMany<N extends JobName>(
    name: N,
    jobs: ReadonlyArray<{ payload: JobMap[N]; options?: EnqueueOptions }>,
  ): Promise<boolean[]> {
    if (jobs.length === 0) return [];
    const added = await this.queue.addBulk(
      jobs.map((job) => ({ name, data: job.payload, opts: bullOptions(job.options ?? {}) })),
    );
    return jobs.map((_, i) => added[i]?.id !== undefined && added[i]?.id !== null);
  }

  /**
   * Adds the job unless Bull holds one with this id that has yet to run; a finished one left in Redis is removed
   * first, since Bull would otherwise ignore the new add. Answers whether a job was added (ensureMany of one).
   */
  async ensure<N extends JobName>(
    name: N,
    payload: JobMap[N],
    jobId: string,
    options: EnqueueOptions = {},
  ): Promise<boolean> {
    const [added] = await this.ensureMany(name, [{ payload, jobId, options }]);
    return added ?? false;
  }

  /**
   * ensure() for many jobs of one name, in two round trips to Redis instead of several per job (the sweeper checks
   * thousands of pending exports). Bull's own `getState` walks the whole wait list for each job (its isJobInList
   * script), which under a 10,000-job backlog took a quarter of Redis's core; here one script per job answers
   * whether Bull holds it (delayed, prioritized, active, waiting or paused — LPOS, Redis 6.0.6+), lacks it, or keeps it
   * finished. Answers, per job in order, whether it was added.
   */
  async ensureMany<N extends JobName>(
    name: N,
    jobs: ReadonlyArray<{ payload: JobMap[N]; jobId: string; options?: EnqueueOptions }>,
  ): Promise<boolean[]> {
    if (jobs.length === 0) return [];
    const client = this.queue.client as typeof this.queue.client & { [HELD_COMMAND]?: unknown };
    if (!client[HELD_COMMAND]) client.defineCommand(HELD_COMMAND, { numberOfKeys: 6, lua: HELD_SCRIPT });
    const key = (list: string) => this.queue.toKey(list);
    const pipeline = client.pipeline() as unknown as {
      [HELD_COMMAND](...keysAndId: string[]): void;
      exec(): Promise<[Error | null, unknown][] | null>;
    };
    for (const job of jobs)
      pipeline[HELD_COMMAND](
        key(job.jobId),
        key('delayed'),
        key('priority'),
        key('active'),
        key('wait'),
        key('paused'),
        job.jobId,
      );
    const states = ((await pipeline.exec()) ?? []).map(([err, state]) => {
      if (err) throw err; // as a failed add would: the caller's pass fails and runs again
      return String(state);
    });
    const missing = jobs.filter((_, i) => states[i] === 'absent' || states[i] === 'finished');
    // A finished job left in Redis (or one no list holds) is removed first: Bull ignores an id it still has.
    for (const [i, job] of jobs.entries())
      if (states[i] === 'finished') await (await this.queue.getJob(job.jobId))?.remove();
    const added = await this.enqueueMany(
      name,
      missing.map((job) => ({ payload: job.payload, options: { ...job.options, jobId: job.jobId } })),
    );
    const addedById = new Map(missing.map((job, i) => [job.jobId, added[i] ?? false]));
    return jobs.map((job) => addedById.get(job.jobId) ?? false);
  }

  /**
   * Drops the jobs with these ids that are still waiting for a worker (not active, delayed or finished), in one round
   * trip: for jobs whose work another job has already taken on, so no worker spends a turn finding nothing to do.
   * Answers how many were dropped.
   */
  async dropWaiting(jobIds: readonly string[]): Promise<number> {
    if (jobIds.length === 0) return 0;
    const client = this.queue.client as typeof this.queue.client & { [DROP_COMMAND]?: unknown };
    if (!client[DROP_COMMAND]) client.defineCommand(DROP_COMMAND, { numberOfKeys: 4, lua: DROP_SCRIPT });
    const key = (list: string) => this.queue.toKey(list);
    const pipeline = client.pipeline() as unknown as {
      [DROP_COMMAND](...keysAndId: string[]): void;
      exec(): Promise<[Error | null, unknown][] | null>;
    };
    for (const id of jobIds) pipeline[DROP_COMMAND](key(id), key('wait'), key('paused'), key('priority'), id);
    return ((await pipeline.exec()) ?? []).reduce((n, [err, dropped]) => {
      if (err) throw err;
      return n + Number(dropped);
    }, 0);
  }

  async find(jobId: string): Promise<JobState | undefined> {
    const first = await this.queue.getJob(jobId);
    if (!first) return undefined;
    const state = (await first.getState()) as JobState['state'];
    // The job may have finished between the two reads: read it again so a final state comes with its result.
    const job = state === 'completed' || state === 'failed' ? ((await this.queue.getJob(jobId)) ?? first) : first;
    const progress = job.progress();
    return {
      id: String(job.id),
      name: job.name,
      state,
      progress: typeof progress === 'number' ? progress : 0,
      data: job.data,
      result: job.returnvalue ?? null,
      failedReason: job.failedReason ?? null,
      attemptsMade: job.attemptsMade,
    };
  }

  /** A job that repeats every `everyMs`; registering it again with the same id replaces nothing. */
  async repeat<N extends JobName>(name: N, payload: JobMap[N], everyMs: number): Promise<void> {
    await this.queue.add(name, payload, {
      repeat: { every: everyMs },
      jobId: name,
      priority: 1,
      removeOnComplete: 10,
      removeOnFail: 50,
    });
  }

  /** Round-trips to Redis; used by the readiness check. */
  async ping(): Promise<void> {
    await this.queue.client.ping();
  }

  async counts(): Promise<Record<string, number>> {
    return { ...(await this.queue.getJobCounts()) };
  }
}

function bullOptions(options: EnqueueOptions): JobOptions {
  return {
    jobId: options.jobId,
    delay: options.delayMs,
    attempts: options.attempts ?? 5,
    priority: Math.max(1, Math.min(MOST_PRIORITY, Math.floor(options.priority ?? 1))),
    // Delay by error class (retry-policy.ts): permanent errors are not repeated, rate limits wait their turn.
    backoff: { type: RETRY_BACKOFF },
    removeOnComplete: options.removeWhenDone ? true : 1000,
    removeOnFail: options.removeWhenDone ? true : 5000,
  };
}
