import Bull from 'bull';
import Redis from 'ioredis';
import type { JobHandler, JobMap, JobName } from './job-map';
import { JobQueue } from './job-queue';
import { JobWorker } from './job-worker';
import { PacingBudget, pacingPlan } from './pacing-budget';
import { redisPacingStore } from './pacing-store';
import { bullBackoff, RETRY_BACKOFF } from './retry-policy';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// 8 calls in any 3.15 s: four jobs of two calls each per window; reserved calls usable for 150 ms.
const allowance = { requests: 8, perMs: 3_000 };

/** An expense's shape: two calls (receipt, draft) reserved together, then sent one after the other. */
class TwoCallHandler implements JobHandler<'chart.sync'> {
  readonly jobName = 'chart.sync' as const;
  readonly sent = new Map<string, number[]>();
  constructor(
    private readonly budget: PacingBudget,
    private readonly prefix: string,
  ) {}
  async handle(payload: JobMap['chart.sync']): Promise<{ company: string }> {
    const scope = `${this.prefix}:${payload.companyId}`;
    const reservation = await this.budget.reserveOrPutBack(scope, allowance, 2);
    const calls = this.budget.budgetFor(scope, allowance, reservation);
    for (let i = 0; i < 2; i++) {
      await calls.take();
      this.sent.set(payload.companyId, [...(this.sent.get(payload.companyId) ?? []), Date.now()]);
      await sleep(20);
    }
    return { company: payload.companyId };
  }
}

function busiestWindow(granted: readonly number[], perMs: number): number {
  const sorted = [...granted].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + perMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

// A real Bull queue with one worker slot, the host's retry policy and a real Redis budget.
describe('a job without budget is put back, on a real Redis', () => {
  const url = process.env['REDIS_URL'];
  const prefix = `dinero-putback-${process.pid}-${Date.now()}`;
  let queue: Bull.Queue;
  let jobs: JobQueue;
  let redis: Redis;
  let budget: PacingBudget;
  let handler: TwoCallHandler;

  beforeAll(async () => {
    if (!url) throw new Error('REDIS_URL is not set: npm test starts a private Redis and sets it.');
    redis = new Redis(url);
    budget = new PacingBudget(redisPacingStore(redis));
    handler = new TwoCallHandler(budget, prefix);
    queue = new Bull(prefix, url, { settings: { backoffStrategies: { [RETRY_BACKOFF]: bullBackoff } } });
    jobs = new JobQueue(queue);
    const worker = new JobWorker([handler as unknown as JobHandler<JobName>]);
    void queue.process('*', 1, (job) => worker.run(job));
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await redis.quit();
  });

  async function settled(id: string): Promise<Bull.Job> {
    for (let i = 0; i < 600; i++) {
      const job = await queue.getJob(id);
      const state = await job?.getState();
      if (state === 'completed' || state === 'failed') return (await queue.getJob(id))!;
      await sleep(50);
    }
    throw new Error(`job ${id} never settled`);
  }

  it('lets another organization’s job through at once, and runs the put-back ones later without an attempt', async () => {
    // Another process has just spent organization A's whole window.
    expect((await budget.reserve(`${prefix}:A`, allowance, allowance.requests)).granted).toBe(true);
    const payload = (companyId: string) => ({ companyId, connectionId: 'k', reason: 'requested' as const });
    // One attempt each: a put-back that counted as an attempt would fail the job.
    const backlog: string[] = [];
    for (let i = 0; i < 12; i++) backlog.push(await jobs.enqueue('chart.sync', payload('A'), { attempts: 1 }));
    const enqueuedAt = Date.now();
    const first = await jobs.enqueue('chart.sync', payload('B'), { attempts: 1 });

    const other = await settled(first);
    expect(other.returnvalue).toEqual({ company: 'B' });
    // A's budget frees only 3.15 s after it was spent: B did not wait for it behind A's twelve (the margin is for
    // a busy CI machine).
    expect(other.finishedOn! - enqueuedAt).toBeLessThan(2_500);

    const done = await Promise.all(backlog.map((id) => settled(id)));
    for (const job of done) {
      expect(await job.getState()).toBe('completed');
      expect(job.attemptsMade).toBe(0);
      expect(job.finishedOn!).toBeGreaterThan(other.finishedOn!);
    }
    expect(handler.sent.get('A')).toHaveLength(24);
    expect(busiestWindow(handler.sent.get('A')!, allowance.perMs)).toBeLessThanOrEqual(allowance.requests);
    const logs = await Promise.all(backlog.map(async (id) => (await queue.getJobLogs(id)).logs));
    expect(logs[0]![0]).toMatch(/^put back for \d+ ms: The call budget of .*:A has spent its 8 requests per 3 s/);
    // Each was given a turn, four jobs a window, instead of all twelve waking at the refill.
    const firstWaits = logs.map((l) => Number(/free in (\d+) ms/.exec(l[0]!)![1]));
    const turns = firstWaits.map((ms) => Math.round((ms - Math.min(...firstWaits)) / pacingPlan(allowance).windowMs));
    expect([0, 1, 2].map((turn) => turns.filter((t) => t === turn).length)).toEqual([4, 4, 4]);
  }, 60_000);
});
