export { QueueModule, type QueueModuleOptions } from './queue.module';
export { JobQueue, type EnqueueOptions, type JobState } from './job-queue';
export { LEDGERBRIDGE_QUEUE, type JobMap, type JobName, type JobHandler, type JobContext } from './job-map';
export { JobWorker, JOB_HANDLERS } from './job-worker';
export { ApiKeyUsedJob } from './jobs/api-key-used.job';
export { RedisLock, LockTimeoutError } from './redis-lock';
export { LockLostError, type RedisLockOptions } from './redis-lock';
export {
  PacingBudget,
  pacingPlan,
  redisLimiters,
  PACING_LIMITERS,
  type CallAllowance,
  type LimiterFactory,
  type PacingPlan,
} from './pacing-budget';
export { retryDelayMs, RETRY_BACKOFF } from './retry-policy';
export { WorkerDrain } from './worker-drain';
export { RedisThrottlerStorage } from './redis-throttler.storage';
export { standaloneQueue, type StandaloneQueue } from './standalone-queue';
