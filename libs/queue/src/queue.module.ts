import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from '@ledgerbridge/persistence';
import { LEDGERBRIDGE_QUEUE } from './job-map';
import { JobQueue } from './job-queue';
import { JOB_HANDLERS, JobWorker } from './job-worker';
import { ApiKeyUsedJob } from './jobs/api-key-used.job';

export interface QueueModuleOptions {
  redisUrl: string;
  /** False in an API-only process: it enqueues but never runs jobs. */
  runWorkers: boolean;
}

const HANDLERS = [ApiKeyUsedJob];

@Module({})
export class QueueModule {
  static forRoot(options: QueueModuleOptions): DynamicModule {
    const workerProviders: Provider[] = options.runWorkers
      ? [...HANDLERS, { provide: JOB_HANDLERS, useFactory: (...h: unknown[]) => h, inject: HANDLERS }, JobWorker]
      : [];
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRoot({ url: options.redisUrl }),
        BullModule.registerQueue({ name: LEDGERBRIDGE_QUEUE }),
        TypeOrmModule.forFeature([ApiKeyEntity]),
      ],
      providers: [JobQueue, ...workerProviders],
      exports: [JobQueue],
    };
  }
}
