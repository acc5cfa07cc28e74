import { ConnectorError } from '@ledgerbridge/connector-sdk';
import Bull from 'bull';
import Redis from 'ioredis';
import type { JobHandler, JobMap, JobName } from './job-map';
import { JobQueue } from './job-queue';
import { JobWorker } from './job-worker';
import { PacingBudget, pacingPlan } from './pacing-budget';
import { redisPacingStore } from './pacing-store';
import { bullBackoff, RETRY_BACKOFF } from './retry-policy';

/** A provider that counts the requests that reach it; every request is paid for at the budget first. */
class CountingProvider {
  requests = 0;
  /** Answers for the next requests, in order; a request beyond them succeeds. */
  failures: ConnectorError[] = [];
  constructor(private readonly budget: () => Promise<void>) {}
  async call(): Promise<void> {
    await this.budget();
    this.requests += 1;
    const failure = this.failures.shift();
    if (failure) throw failure;
  }
}

/** A chart sync's shape: three reads (entry accounts, deposit accounts, VAT types). */
class SyncLikeHandler implements JobHandler<'chart.sync'> {
  readonly jobName = 'chart.sync' as const;
  constructor(private readonly provider: CountingProvider) {}
  async handle(_payload: JobMap['chart.sync']): Promise<{ reads: number }> {
    for (let i = 0; i < 3; i++) await this.provider.call();
    return { reads: 3 };
  }
}

// A real Bull queue with the host's retry policy and a real Redis budget, under names of its own.
describe('job retries by error class, on a real Redis', () => {
  const url = process.env['REDIS_URL'];
  let queue: Bull.Queue;
  let jobs: JobQueue;
  let redis: Redis;
  let budget: PacingBudget;
  const scope = `dinero:retry-${process.pid}-${Date.now()}`;
  // 7 requests in any 3.15 s (the plan's window): a sync's three fit, unless another caller spent them.
  const allowance = { requests: 7, perMs: 3_000 };
  let provider: CountingProvider;

  beforeAll(async () => {
    if (!url) throw new Error('REDIS_URL is not set: npm test starts a private Redis and sets it.');
    redis = new Redis(url);
    budget = new PacingBudget(redisPacingStore(redis));
    provider = new CountingProvider(() => budget.take(scope, allowance));
    queue = new Bull(`retry-${process.pid}-${Date.now()}`, url, {
      settings: { backoffStrategies: { [RETRY_BACKOFF]: bullBackoff } },
    });
    jobs = new JobQueue(queue);
    const worker = new JobWorker([new SyncLikeHandler(provider) as unknown as JobHandler<JobName>]);
    void queue.process('*', (job) => worker.run(job));
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await redis.quit();
  });

  async function settled(id: string) {
    for (let i = 0; i < 300; i++) {
      const found = await jobs.find(id);
      if (found?.state === 'completed' || found?.state === 'failed') return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${id} never settled`);
  }

  it('puts a sync refused by a spent budget back until it is free: 3 requests in all, no attempt spent', async () => {
    // Another process has just spent the organization's budget.
    for (let i = 0; i < allowance.requests; i++) await budget.take(scope, allowance);
    provider.requests = 0;
    const id = await jobs.enqueue(
      'chart.sync',
      { companyId: 'c', connectionId: 'k', reason: 'requested' },
      { jobId: 'tight', attempts: 5 },
    );
    const done = await settled(id);
    expect(done).toMatchObject({ state: 'completed', result: { reads: 3 }, attemptsMade: 0 });
    expect(provider.requests).toBe(3);
  }, 20_000);

  it('attempts a job that failed on wrong credentials once, whatever its attempts', async () => {
    provider.requests = 0;
    provider.failures = Array.from(
      { length: 5 },
      () => new ConnectorError('authentication', 'Dinero did not accept the credentials.'),
    );
    const id = await jobs.enqueue(
      'chart.sync',
      { companyId: 'c', connectionId: 'k', reason: 'requested' },
      { jobId: 'auth', attempts: 5 },
    );
    expect(await settled(id)).toMatchObject({
      state: 'failed',
      attemptsMade: 1,
      failedReason: 'Dinero did not accept the credentials.',
    });
    expect(provider.requests).toBe(1);
  }, 20_000);

  it('repeats a job after an unavailable provider, after a backoff', async () => {
    await new Promise((r) => setTimeout(r, pacingPlan(allowance).windowMs)); // a fresh window for this test
    provider.requests = 0;
    provider.failures = [new ConnectorError('unavailable', 'Dinero failed with HTTP 503.', { outcomeUnknown: false })];
    const started = Date.now();
    const id = await jobs.enqueue(
      'chart.sync',
      { companyId: 'c', connectionId: 'k', reason: 'requested' },
      { jobId: 'flaky', attempts: 5 },
    );
    expect(await settled(id)).toMatchObject({ state: 'completed', attemptsMade: 1 });
    expect(provider.requests).toBe(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  }, 20_000);
});
