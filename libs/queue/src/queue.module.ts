import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import { LEDGERBRIDGE_QUEUE } from './job-map';
import { JobQueue } from './job-queue';
import { RedisLock } from './redis-lock';

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
      imports: [BullModule.forRoot({ url: options.redisUrl }), BullModule.registerQueue({ name: LEDGERBRIDGE_QUEUE })],
      providers: [JobQueue, RedisLock],
      exports: [JobQueue, RedisLock, BullModule],
    };
  }
}
