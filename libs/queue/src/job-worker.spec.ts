import { ConnectorError } from '@ledgerbridge/connector-sdk';
import type { Job } from 'bull';
import { JobHandler, JobMap, JobName } from './job-map';
import { JobWorker } from './job-worker';
import { BudgetSpentError } from './pacing-budget';
import { PutBack } from './put-back';

class RecordingHandler implements JobHandler<'api-key.used'> {
  readonly jobName = 'api-key.used' as const;
  readonly seen: JobMap['api-key.used'][] = [];
  async handle(payload: JobMap['api-key.used']): Promise<void> {
    this.seen.push(payload);
  }
}

const job = (name: string, data: unknown) => {
  const fake = { id: '7', name, data, attemptsMade: 0, discarded: 0, progress: async () => undefined };
  return Object.assign(fake, { discard: () => void (fake.discarded += 1) }) as unknown as Job & { discarded: number };
};

describe('JobWorker', () => {
  it('hands a job to the handler registered for its name', async () => {
    const handler = new RecordingHandler();
    const worker = new JobWorker([handler as JobHandler<JobName>]);
    const payload = { keyId: 'k1', usedAt: '2026-11-24T08:00:00.000Z' };
    await worker.run(job('api-key.used', payload));
    expect(handler.seen).toEqual([payload]);
  });

  it('fails a job nobody handles, naming it, instead of dropping it', async () => {
    const worker = new JobWorker([new RecordingHandler() as JobHandler<JobName>]);
    await expect(worker.run(job('export.send', {}))).rejects.toThrow('No handler for job "export.send" (job 7).');
  });

  it('lets a handler report progress and return a result', async () => {
    const seen: number[] = [];
    const reporting: JobHandler<'api-key.used'> = {
      jobName: 'api-key.used',
      handle: async (_payload, context) => {
        await context.progress(40.4);
        await context.progress(250);
        return { done: context.jobId };
      },
    };
    const fake = {
      id: '9',
      name: 'api-key.used',
      data: {},
      progress: async (p: number) => void seen.push(p),
    } as unknown as Job;
    await expect(new JobWorker([reporting as JobHandler<JobName>]).run(fake)).resolves.toEqual({ done: '9' });
    expect(seen).toEqual([40, 100]);
  });

  it('lets a handler failure reach Bull, so the job is retried', async () => {
    const failing: JobHandler<'api-key.used'> = {
      jobName: 'api-key.used',
      handle: async (): Promise<void> => {
        throw new Error('database is away');
      },
    };
    const worker = new JobWorker([failing as JobHandler<JobName>]);
    const failed = job('api-key.used', { keyId: 'k', usedAt: 'x' });
    await expect(worker.run(failed)).rejects.toThrow('database is away');
    expect(failed.discarded).toBe(0);
  });

  it.each([
    [new ConnectorError('authentication', 'reconnect'), 1],
    [new ConnectorError('not_found', 'no such organization'), 1],
    [new ConnectorError('rate_limited', 'budget spent', { retryAfterMs: 10 }), 0],
    [new ConnectorError('unavailable', 'down', { outcomeUnknown: false }), 0],
  ])('discards a job that failed permanently, so Bull does not repeat it: %s', async (error, discards) => {
    const failing: JobHandler<'api-key.used'> = { jobName: 'api-key.used', handle: async () => Promise.reject(error) };
    const failed = job('api-key.used', { keyId: 'k', usedAt: 'x' });
    await expect(new JobWorker([failing as JobHandler<JobName>]).run(failed)).rejects.toBe(error);
    expect(failed.discarded).toBe(discards);
  });

  describe('putting a job back', () => {
    const waiting = () => {
      const logs: string[] = [];
      const fake = {
        id: '8',
        name: 'api-key.used',
        data: {},
        attemptsMade: 2,
        opts: { attempts: 3, backoff: { type: 'by-error-class' } },
        discard: () => undefined,
        log: async (row: string) => void logs.push(row),
      };
      return { fake: fake as unknown as Job, logs };
    };
    const refusing = (error: unknown): JobHandler<JobName> =>
      ({ jobName: 'api-key.used', handle: async () => Promise.reject(error) }) as unknown as JobHandler<JobName>;

    it.each([
      ['a PutBack', () => new PutBack(Date.now() + 4_000, 'no budget for 2 calls')],
      ['the budget refusing a request', () => new BudgetSpentError('The call budget of dinero:1 has spent…', 4_000)],
    ])('hands Bull %s as a delay of its own, not an attempt', async (_name, refusal) => {
      const { fake, logs } = waiting();
      const thrown = await new JobWorker([refusing(refusal())]).run(fake).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(PutBack);
      // Bull adds one to attemptsMade on the way to delayed; the put-back takes it off first.
      expect(fake.attemptsMade).toBe(1);
      const backoff = fake.opts.backoff as { type: string; delay: number };
      expect(backoff.type).toBe('fixed');
      expect(backoff.delay).toBeGreaterThanOrEqual(3_900);
      expect(backoff.delay).toBeLessThanOrEqual(4_250);
      expect(fake.opts.attempts).toBe(3);
      expect(logs).toEqual([expect.stringMatching(/^put back for \d+ ms: /)]);
    });

    it('counts a provider’s own 429 as an attempt, as before', async () => {
      const { fake, logs } = waiting();
      const refusal = new ConnectorError('rate_limited', 'Dinero answered 429.', {
        retryAfterMs: 1_000,
        httpStatus: 429,
      });
      await expect(new JobWorker([refusing(refusal)]).run(fake)).rejects.toBe(refusal);
      expect(fake.attemptsMade).toBe(2);
      expect(fake.opts.backoff).toEqual({ type: 'by-error-class' });
      expect(logs).toEqual([]);
    });
  });
});
