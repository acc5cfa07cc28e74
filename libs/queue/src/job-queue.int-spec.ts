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

describe('JobQueue.ensureMany on a real Redis', () => {
  let queue: Bull.Queue;
  let jobs: JobQueue;

  beforeAll(() => {
    queue = new Bull(`test-ensure-${process.pid}-${Date.now()}`, process.env['REDIS_URL']!);
    jobs = new JobQueue(queue);
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('adds only the jobs Bull does not hold: absent, finished or in no list; never a delayed, waiting, active or paused one', async () => {
    const payload = (usedAt: string) => ({ keyId: 'k', usedAt });
    const add = (id: string, options: Bull.JobOptions = {}) =>
      queue.add('api-key.used', payload(`old ${id}`), { jobId: id, priority: 5, ...options });
    await add('job-delayed', { delay: 60_000 });
    await add('job-waiting');
    // A stalled job Bull moved back to wait is in the wait list without a priority entry.
    await add('job-restored');
    await queue.client.zrem(queue.toKey('priority'), 'job-restored');
    await add('job-active');
    await queue.client.lrem(queue.toKey('wait'), 0, 'job-active');
    await queue.client.zrem(queue.toKey('priority'), 'job-active');
    await queue.client.lpush(queue.toKey('active'), 'job-active');
    // A completed job Bull keeps (removeOnComplete false): in the completed set only.
    await add('job-completed', { removeOnComplete: false });
    await queue.client.lrem(queue.toKey('wait'), 0, 'job-completed');
    await queue.client.zrem(queue.toKey('priority'), 'job-completed');
    await queue.client.zadd(queue.toKey('completed'), Date.now(), 'job-completed');
    // A job of a paused queue waits in the paused list.
    await add('job-paused');
    await queue.client.lrem(queue.toKey('wait'), 0, 'job-paused');
    await queue.client.zrem(queue.toKey('priority'), 'job-paused');
    await queue.client.lpush(queue.toKey('paused'), 'job-paused');
    // A hash no list holds (what getState calls stuck).
    await add('job-stuck');
    await queue.client.lrem(queue.toKey('wait'), 0, 'job-stuck');
    await queue.client.zrem(queue.toKey('priority'), 'job-stuck');
    const ids = ['absent', 'delayed', 'waiting', 'restored', 'active', 'paused', 'completed', 'stuck'].map(
      (s) => `job-${s}`,
    );
    const added = await jobs.ensureMany(
      'api-key.used',
      ids.map((jobId) => ({ payload: payload(`new ${jobId}`), jobId, options: { removeWhenDone: true } })),
    );
    // (Job ids are not a list's name: a job called "active" would be Bull's active list itself.)
    expect(Object.fromEntries(ids.map((id, i) => [id.slice(4), added[i]]))).toEqual({
      absent: true,
      delayed: false,
      waiting: false,
      restored: false,
      active: false,
      paused: false,
      completed: true,
      stuck: true,
    });
    for (const id of ['job-absent', 'job-completed', 'job-stuck']) {
      expect((await jobs.find(id))?.data).toEqual(payload(`new ${id}`));
      expect((await jobs.find(id))?.state).toBe('waiting');
    }
    for (const id of ['job-delayed', 'job-waiting', 'job-restored'])
      expect((await jobs.find(id))?.data).toEqual(payload(`old ${id}`));
    expect(await jobs.ensureMany('api-key.used', [])).toEqual([]);
  });
});

describe('JobQueue.dropWaiting on a real Redis', () => {
  let queue: Bull.Queue;
  let jobs: JobQueue;

  beforeAll(() => {
    queue = new Bull(`test-drop-${process.pid}-${Date.now()}`, process.env['REDIS_URL']!);
    jobs = new JobQueue(queue);
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('drops only jobs still waiting for a worker (wait or paused list), whole; an active or delayed one stays', async () => {
    const add = (id: string, options: Bull.JobOptions = {}) =>
      queue.add('api-key.used', { keyId: 'k', usedAt: id }, { jobId: id, priority: 5, ...options });
    await add('job-waiting');
    await add('job-waiting-too', { priority: 9 });
    await add('job-delayed', { delay: 60_000 });
    await add('job-kept');
    await add('job-active');
    await queue.client.lrem(queue.toKey('wait'), 0, 'job-active');
    await queue.client.zrem(queue.toKey('priority'), 'job-active');
    await queue.client.lpush(queue.toKey('active'), 'job-active');
    await add('job-paused');
    await queue.client.lrem(queue.toKey('wait'), 0, 'job-paused');
    await queue.client.lpush(queue.toKey('paused'), 'job-paused');

    const dropped = await jobs.dropWaiting([
      'job-waiting',
      'job-waiting-too',
      'job-delayed',
      'job-active',
      'job-paused',
      'job-absent',
    ]);
    expect(dropped).toBe(3);
    for (const id of ['job-waiting', 'job-waiting-too', 'job-paused']) {
      expect(await jobs.find(id)).toBeUndefined();
      expect(await queue.client.zscore(queue.toKey('priority'), id)).toBeNull();
    }
    expect((await jobs.find('job-delayed'))?.state).toBe('delayed');
    expect(await queue.client.lpos(queue.toKey('active'), 'job-active')).toBe(0);
    // The one not named still waits, and the queue's counts agree with its lists.
    expect((await jobs.find('job-kept'))?.state).toBe('waiting');
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 1, delayed: 1, active: 1 });
    expect(await jobs.dropWaiting([])).toBe(0);
  });
});
