import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';

/** What the store answers to a reservation: granted, or how long until the calls fit (or the pause ends). */
export type StoreAnswer = { readonly granted: true } | { readonly granted: false; waitMs: number; paused: boolean };

/**
 * A sliding log of granted calls per scope, plus a pause per scope; see docs/adr/0006-sliding-call-budget.md.
 * `reserve` is atomic: it adds all `calls` only if the last `windowMs` then holds at most `limit`, else nothing.
 */
export interface PacingStore {
  reserve(scope: string, calls: number, limit: number, windowMs: number): Promise<StoreAnswer>;
  /** Refuses every reservation of `scope` for `ms`; never shortens a longer pause already set. */
  pause(scope: string, ms: number): Promise<void>;
}

const LOG_PREFIX = 'ledgerbridge:pacing-log:';
const PAUSE_PREFIX = 'ledgerbridge:pacing-pause:';

// Redis's own clock stamps every call, so processes with skewed clocks still share one timeline.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return {0, paused, 1} end
local limit, window, calls = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count + calls <= limit then
  for i = 1, calls do redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. i) end
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, 0, 0}
end
local need = count + calls - limit
local freeing = redis.call('ZRANGE', KEYS[1], need - 1, need - 1, 'WITHSCORES')
return {0, math.max(1, tonumber(freeing[2]) + window - now), 0}
`;

const PAUSE = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 0
`;

interface PacingCommands {
  ledgerbridgePacingReserve(log: string, pause: string, ...args: Array<string | number>): Promise<number[]>;
  ledgerbridgePacingPause(pause: string, ms: number): Promise<number>;
}

/** The store on a Redis shared by every process (Bull's own connection in the host). */
export function redisPacingStore(client: Redis): PacingStore {
  client.defineCommand('ledgerbridgePacingReserve', { numberOfKeys: 2, lua: RESERVE });
  client.defineCommand('ledgerbridgePacingPause', { numberOfKeys: 1, lua: PAUSE });
  const commands = client as unknown as PacingCommands;
  return {
    async reserve(scope, calls, limit, windowMs) {
      const [granted, waitMs, paused] = await commands.ledgerbridgePacingReserve(
        LOG_PREFIX + scope,
        PAUSE_PREFIX + scope,
        limit,
        windowMs,
        calls,
        randomUUID(),
      );
      return granted === 1 ? { granted: true } : { granted: false, waitMs: waitMs ?? 1, paused: paused === 1 };
    },
    async pause(scope, ms) {
      await commands.ledgerbridgePacingPause(PAUSE_PREFIX + scope, Math.max(1, Math.ceil(ms)));
    },
  };
}

/** The same algorithm in one process, on Date.now() (a clock Jest can move); for tests. */
export function memoryPacingStore(): PacingStore {
  const logs = new Map<string, number[]>();
  const pauses = new Map<string, number>();
  return {
    async reserve(scope, calls, limit, windowMs) {
      const now = Date.now();
      const pausedUntil = pauses.get(scope) ?? 0;
      if (pausedUntil > now) return { granted: false, waitMs: pausedUntil - now, paused: true };
      const log = (logs.get(scope) ?? []).filter((at) => at > now - windowMs);
      logs.set(scope, log);
      if (log.length + calls <= limit) {
        for (let i = 0; i < calls; i++) log.push(now);
        return { granted: true };
      }
      const freeing = log[log.length + calls - limit - 1] ?? now;
      return { granted: false, waitMs: Math.max(1, freeing + windowMs - now), paused: false };
    },
    async pause(scope, ms) {
      const until = Date.now() + Math.max(1, Math.ceil(ms));
      if (until > (pauses.get(scope) ?? 0)) pauses.set(scope, until);
    },
  };
}
