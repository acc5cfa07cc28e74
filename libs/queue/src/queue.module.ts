import { BullModule, getQueueToken } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import type { Queue } from 'bull';
import { LEDGERBRIDGE_QUEUE } from './job-map';
import { JobQueue } from './job-queue';
import { PACING_STORE, PacingBudget } from './pacing-budget';
import { redisPacingStore } from './pacing-store';
import { RedisLock } from './redis-lock';
import { WakeSignal } from './wake-signal';
import { bullBackoff, RETRY_BACKOFF } from './retry-policy';

export interface QueueModuleOptions {
  redisUrl: string;
}

/**
 * Bull's connection and the one queue. Job handlers and the JobWorker are provided by the process that runs
 * workers (see the host's WorkersModule), so an API-only process enqueues but never runs a job.
 */
@Module({})
export class QueueModule {
  static forRoot(options: QueueModuleOptions): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRoot({ url: options.redisUrl }),
        BullModule.registerQueue({
          name: LEDGERBRIDGE_QUEUE,
          settings: { backoffStrategies: { [RETRY_BACKOFF]: bullBackoff } },
        }),
      ],
      providers: [
        JobQueue,
        RedisLock,
        WakeSignal,
        // The call budget lives on Bull's connection: one Redis, shared by the API and every worker.
        {
          provide: PACING_STORE,
          useFactory: (queue: Queue) => redisPacingStore(queue.client),
          inject: [getQueueToken(LEDGERBRIDGE_QUEUE)],
        },
        PacingBudget,
      ],
      exports: [JobQueue, RedisLock, WakeSignal, PacingBudget, BullModule],
    };
  }
}
