import Bull from 'bull';
import { JobQueue } from './job-queue';

// A real Bull queue on the test Redis, under a name of its own.
describe('JobQueue on a real Redis', () => {
  let queue: Bull.Queue;
  let jobs: JobQueue;

  beforeAll(() => {
    const url = process.env['REDIS_URL'];
    if (!url) throw new Error('REDIS_URL is not set: npm test starts a private Redis and sets it.');
    queue = new Bull(`test-${process.pid}-${Date.now()}`, url);
    jobs = new JobQueue(queue);
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('reports a finished job together with its result and progress, and a failed one with its reason', async () => {
    void queue.process('*', async (job) => {
      await job.progress(60);
      if ((job.data as { fail?: boolean }).fail) throw new Error('provider said no');
      return { accounts: 3 };
    });
    const ok = await jobs.enqueue(
      'chart.sync',
      { companyId: 'c', connectionId: 'k', reason: 'requested' },
      { jobId: 'ok-1', attempts: 1 },
    );
    const bad = await jobs.enqueue('api-key.used', { keyId: 'k', usedAt: 'x', fail: true } as never, {
      jobId: 'bad-1',
      attempts: 1,
    });
    const until = async (id: string, state: string) => {
      for (let i = 0; i < 100; i++) {
        const found = await jobs.find(id);
        if (found?.state === state) return found;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`job ${id} never reached ${state}`);
    };
    expect(await until(ok, 'completed')).toMatchObject({
      id: 'ok-1',
      name: 'chart.sync',
      progress: 60,
      result: { accounts: 3 },
      failedReason: null,
    });
    expect(await until(bad, 'failed')).toMatchObject({
      id: 'bad-1',
      failedReason: 'provider said no',
      attemptsMade: 1,
    });
    expect(await jobs.find('no-such-job')).toBeUndefined();
  });

  it('coalesces jobs enqueued with the same id', async () => {
    const first = await jobs.enqueue('api-key.used', { keyId: 'k', usedAt: 'a' }, { jobId: 'same', delayMs: 60_000 });
    const second = await jobs.enqueue('api-key.used', { keyId: 'k', usedAt: 'b' }, { jobId: 'same', delayMs: 60_000 });
    expect(second).toBe(first);
    expect((await jobs.find('same'))?.data).toEqual({ keyId: 'k', usedAt: 'a' });
  });

  it('adds many jobs in one round trip, each with its own id and priority, coalescing an id Bull already holds', async () => {
    await jobs.enqueue('api-key.used', { keyId: 'k', usedAt: 'held' }, { jobId: 'bulk-1', delayMs: 60_000 });
    const added = await jobs.enqueueMany(
      'api-key.used',
      [1, 2, 3].map((i) => ({
        payload: { keyId: 'k', usedAt: `bulk ${i}` },
        options: { jobId: `bulk-${i}`, delayMs: 60_000, priority: i * 10 },
      })),
    );
    expect(added).toEqual([true, true, true]);
    expect((await jobs.find('bulk-1'))?.data).toEqual({ keyId: 'k', usedAt: 'held' });
    expect((await jobs.find('bulk-3'))?.data).toEqual({ keyId: 'k', usedAt: 'bulk 3' });
    expect((await queue.getJob('bulk-2'))?.opts.priority).toBe(20);
    expect(await jobs.enqueueMany('api-key.used', [])).toEqual([]);
  });
});
