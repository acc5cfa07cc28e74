import { randomBytes } from 'node:crypto';
import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { LEDGERBRIDGE_QUEUE } from './job-map';

// Deletes the key only if it still holds our token, so a lock that expired and was taken by another process is
// never released by us.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
// Extends the key only while it still holds our token, so a renewal never revives or steals another's lock.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
}

/** The lock expired or was taken while its task ran: another process may have run alongside, so the result is void. */
export class LockLostError extends Error {
  override readonly name = 'LockLostError';
}

export interface RedisLockOptions {
  /** How long the lock outlives a holder that stops renewing it (a crashed process). */
  readonly ttlMs?: number;
  /** How long to wait for the lock before giving up with LockTimeoutError. */
  readonly waitMs?: number;
}

/**
 * A lock shared by every process on the same Redis (API and workers), on Bull's own connection. Used where
 * two processes must not do one thing at once, such as spending a one-time OAuth refresh token.
 *
 * While the task runs the lock is renewed every third of its TTL, so a slow task keeps it however long it takes.
 * If a renewal finds the key gone or another's (or Redis stays unreachable for a whole TTL), the task's `held`
 * signal aborts so it can stop before committing anything, and `run` rejects with LockLostError even when the task
 * succeeded: what it did may have overlapped another holder's, so its result is not trusted.
 */
@Injectable()
export class RedisLock {
  constructor(@InjectQueue(LEDGERBRIDGE_QUEUE) private readonly queue: Queue) {}

  async run<T>(name: string, task: (held: AbortSignal) => Promise<T>, options: RedisLockOptions = {}): Promise<T> {
    const ttlMs = options.ttlMs ?? 30_000;
    const deadline = Date.now() + (options.waitMs ?? 30_000);
    const key = `ledgerbridge:lock:${name}`;
    const token = randomBytes(16).toString('hex');
    const redis = this.queue.client;
    while ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw new LockTimeoutError(`Waited too long for the lock "${name}".`);
      await new Promise((r) => setTimeout(r, 25 + Math.random() * 50));
    }
    const held = new AbortController();
    const lost = (why: string) => held.abort(new LockLostError(`The lock "${name}" was lost while held: ${why}.`));
    let renewedAt = Date.now();
    let renewing = false;
    const renew = async () => {
      if (renewing || held.signal.aborted) return;
      renewing = true;
      const sentAt = Date.now();
      try {
        if (Number(await redis.eval(RENEW, 1, key, token, String(ttlMs))) === 1) renewedAt = sentAt;
        else lost('it expired or another process holds it');
      } catch {
        // Unreachable Redis is not proof of loss until a whole TTL has passed since the last renewal.
        if (Date.now() - renewedAt >= ttlMs) lost('Redis could not be reached to renew it');
      } finally {
        renewing = false;
      }
    };
    const watchdog = setInterval(() => void renew(), Math.max(1, Math.floor(ttlMs / 3)));
    watchdog.unref();
    try {
      const result = await task(held.signal);
      if (held.signal.aborted) throw held.signal.reason;
      return result;
    } finally {
      clearInterval(watchdog);
      await redis.eval(RELEASE, 1, key, token);
    }
  }
}
