export { QueueModule, type QueueModuleOptions } from './queue.module';
export { JobQueue, type EnqueueOptions } from './job-queue';
export { LEDGERBRIDGE_QUEUE, type JobMap, type JobName, type JobHandler } from './job-map';
