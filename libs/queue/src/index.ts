export { QueueModule, type QueueModuleOptions } from './queue.module';
export { JobQueue, type EnqueueOptions, type JobState } from './job-queue';
export { LEDGERBRIDGE_QUEUE, type JobMap, type JobName, type JobHandler, type JobContext } from './job-map';
export { JobWorker, JOB_HANDLERS } from './job-worker';
export { ApiKeyUsedJob } from './jobs/api-key-used.job';
export { RedisLock, LockTimeoutError } from './redis-lock';
export { WorkerDrain } from './worker-drain';
