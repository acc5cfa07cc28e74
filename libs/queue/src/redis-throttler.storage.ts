import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Queue } from 'bull';
import { LEDGERBRIDGE_QUEUE } from './job-map';

// One atomic step: while blocked, count nothing and report the block; otherwise count the hit in a fixed window,
// and on the hit over the limit start a block (the window starts afresh once it ends).
const INCREMENT = `
local blocked = redis.call('pttl', KEYS[2])
if blocked > 0 then return {tonumber(ARGV[2]) + 1, blocked, 1, blocked} end
local hits = redis.call('incr', KEYS[1])
if hits == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end
local left = redis.call('pttl', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('set', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('del', KEYS[1])
  return {hits, left, 1, tonumber(ARGV[3])}
end
return {hits, left, 0, 0}`;

/**
 * @nestjs/throttler's storage on the Redis every process already shares (Bull's connection), so a client's
 * count is one count however many API processes answer it. Times in, milliseconds; times out, seconds.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(@InjectQueue(LEDGERBRIDGE_QUEUE) private readonly queue: Queue) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): ReturnType<ThrottlerStorage['increment']> {
    const base = `ledgerbridge:throttle:${throttlerName}:${key}`;
    const [totalHits, expireMs, blocked, blockMs] = (await this.queue.client.eval(
      INCREMENT,
      2,
      `${base}:hits`,
      `${base}:block`,
      ttl,
      limit,
      blockDuration,
    )) as [number, number, number, number];
    return {
      totalHits,
      timeToExpire: Math.ceil(Math.max(expireMs, 0) / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockMs / 1000),
    };
  }
}
