export { QueueModule, type QueueModuleOptions } from './queue.module';
export { JobQueue, MOST_PRIORITY, type EnqueueOptions, type JobState } from './job-queue';
export { LEDGERBRIDGE_QUEUE, type JobMap, type JobName, type JobHandler, type JobContext } from './job-map';
export { JobWorker, JOB_HANDLERS, WORKER_CONCURRENCY, DEFAULT_WORKER_CONCURRENCY } from './job-worker';
export { ApiKeyUsedJob } from './jobs/api-key-used.job';
export { RedisLock, LockTimeoutError } from './redis-lock';
export { LockLostError, type RedisLockOptions } from './redis-lock';
export {
  PacingBudget,
  pacingPlan,
  BudgetSpentError,
  Reservation,
  PACING_STORE,
  type CallAllowance,
  type PacingPlan,
  type ReserveAnswer,
} from './pacing-budget';
export {
  redisPacingStore,
  memoryPacingStore,
  type PacingStore,
  type StoreAnswer,
  type ReserveStoreAnswer,
} from './pacing-store';
export { PutBack, isPutBack } from './put-back';
export { retryDelayMs, RETRY_BACKOFF } from './retry-policy';
export { WorkerDrain } from './worker-drain';
export { WakeSignal } from './wake-signal';
export { RedisThrottlerStorage } from './redis-throttler.storage';
export { standaloneQueue, type StandaloneQueue } from './standalone-queue';
