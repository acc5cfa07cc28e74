import { InjectQueue } from '@nestjs/bull';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { LEDGERBRIDGE_QUEUE } from './job-map';

/**
 * Provided with the JobWorker in processes that run jobs. On shutdown, before the database and Redis close, it
 * stops this process taking jobs and waits for the ones it is running; the host bounds the wait with its deadline.
 */
@Injectable()
export class WorkerDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerDrain.name);

  constructor(@InjectQueue(LEDGERBRIDGE_QUEUE) private readonly queue: Queue) {}

  async beforeApplicationShutdown(): Promise<void> {
    this.logger.log('The worker takes no new jobs and lets the ones in flight finish.');
    // A local pause stops this process's processors only and resolves once their current jobs have ended.
    await this.queue.pause(true);
    this.logger.log('In-flight jobs finished.');
  }
}
