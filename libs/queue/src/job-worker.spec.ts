import type { Job } from 'bull';
import { JobHandler, JobMap, JobName } from './job-map';
import { JobWorker } from './job-worker';

class RecordingHandler implements JobHandler<'api-key.used'> {
  readonly jobName = 'api-key.used' as const;
  readonly seen: JobMap['api-key.used'][] = [];
  async handle(payload: JobMap['api-key.used']): Promise<void> {
    this.seen.push(payload);
  }
}

const job = (name: string, data: unknown) => ({ id: '7', name, data, progress: async () => undefined }) as unknown as Job;

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
    const fake = { id: '9', name: 'api-key.used', data: {}, progress: async (p: number) => void seen.push(p) } as unknown as Job;
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
    await expect(worker.run(job('api-key.used', { keyId: 'k', usedAt: 'x' }))).rejects.toThrow('database is away');
  });
});
