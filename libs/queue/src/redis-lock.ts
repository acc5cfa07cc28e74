import { randomBytes } from 'node:crypto';
import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { LEDGERBRIDGE_QUEUE } from './job-map';

// Deletes the key only if it still holds our token, so a lock that expired and was taken by another process is
// never released by us.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
}

/**
 * A lock shared by every process on the same Redis (API and workers), on Bull's own connection. Used where
 * two processes must not do one thing at once, such as spending a one-time OAuth refresh token.
 */
@Injectable()
export class RedisLock {
  constructor(@InjectQueue(LEDGERBRIDGE_QUEUE) private readonly queue: Queue) {}

  async run<T>(name: string, task: () => Promise<T>, options: { ttlMs?: number; waitMs?: number } = {}): Promise<T> {
    const ttlMs = options.ttlMs ?? 30_000;
    const deadline = Date.now() + (options.waitMs ?? 30_000);
    const key = `ledgerbridge:lock:${name}`;
    const token = randomBytes(16).toString('hex');
    const redis = this.queue.client;
    while ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw new LockTimeoutError(`Waited too long for the lock "${name}".`);
      await new Promise((r) => setTimeout(r, 25 + Math.random() * 50));
    }
    try {
      return await task();
    } finally {
      await redis.eval(RELEASE, 1, key, token);
    }
  }
}
