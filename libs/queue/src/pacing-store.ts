import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';

/** What the store answers to a reservation: granted, or how long until the calls fit (or the pause ends). */
export type StoreAnswer = { readonly granted: true } | { readonly granted: false; waitMs: number; paused: boolean };
/** A granted reservation names its calls `${id}:1` … `${id}:${calls}` in the log, so an unsent one can be renewed. */
export type ReserveStoreAnswer =
  { readonly granted: true; readonly id: string } | Exclude<StoreAnswer, { granted: true }>;

/**
 * A sliding log of granted calls per scope, plus a pause per scope; see docs/adr/0006-sliding-call-budget.md.
 * `reserve` is atomic: it adds all `calls` only if the last `windowMs` then holds at most `limit`, else nothing.
 * A refused reservation with a `turn` key books a turn: its wait grows by a window for every `limit` calls already
 * waiting, so jobs put back together come back a window's worth at a time instead of all at once. A job back at its
 * turn (its key is booked) keeps its place: refused again, it waits only until the calls free, not behind the queue.
 * A booking is kept for a window past its turn, so a job woken late (its spread, a busy worker) still finds it.
 */
export interface PacingStore {
  reserve(scope: string, calls: number, limit: number, windowMs: number, turn?: string): Promise<ReserveStoreAnswer>;
  /**
   * For a granted call that was not sent in time: removes it from the log and grants one afresh in its place if the
   * last `windowMs` then holds fewer than `limit` (atomic); refused, the stale grant is gone all the same.
   */
  renew(scope: string, call: string, limit: number, windowMs: number): Promise<StoreAnswer>;
  /** Refuses every reservation of `scope` for `ms`; never shortens a longer pause already set. */
  pause(scope: string, ms: number): Promise<void>;
}

const LOG_PREFIX = 'ledgerbridge:pacing-log:';
const PAUSE_PREFIX = 'ledgerbridge:pacing-pause:';
const TURNS_PREFIX = 'ledgerbridge:pacing-turns:';

// Redis's own clock stamps every call, so processes with skewed clocks still share one timeline.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, window, calls = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local wait, paused = redis.call('PTTL', KEYS[2]), 1
if wait <= 0 then
  paused = 0
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
  local count = redis.call('ZCARD', KEYS[1])
  if count + calls <= limit then
    for i = 1, calls do redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. i) end
    redis.call('PEXPIRE', KEYS[1], window)
    if ARGV[5] ~= '' then for i = 1, calls do redis.call('ZREM', KEYS[3], ARGV[5] .. ':' .. i) end end
    return {1, 0, 0}
  end
  local need = count + calls - limit
  local freeing = redis.call('ZRANGE', KEYS[1], need - 1, need - 1, 'WITHSCORES')
  wait = math.max(1, tonumber(freeing[2]) + window - now)
end
if ARGV[5] ~= '' then
  local booked = redis.call('ZSCORE', KEYS[3], ARGV[5] .. ':1')
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - window)
  if not booked then wait = wait + math.floor(redis.call('ZCARD', KEYS[3]) / limit) * window end
  for i = 1, calls do redis.call('ZADD', KEYS[3], now + wait, ARGV[5] .. ':' .. i) end
  if redis.call('PTTL', KEYS[3]) < wait + window then redis.call('PEXPIRE', KEYS[3], wait + window) end
end
return {0, wait, paused}
`;

const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREM', KEYS[1], ARGV[3])
local wait = redis.call('PTTL', KEYS[2])
if wait > 0 then return {0, wait, 1} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, 0, 0}
end
local freeing = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
return {0, math.max(1, tonumber(freeing[2]) + window - now), 0}
`;

const PAUSE = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 0
`;

interface PacingCommands {
  ledgerbridgePacingReserve(
    log: string,
    pause: string,
    turns: string,
    ...args: Array<string | number>
  ): Promise<number[]>;
  ledgerbridgePacingRenew(log: string, pause: string, ...args: Array<string | number>): Promise<number[]>;
  ledgerbridgePacingPause(pause: string, ms: number): Promise<number>;
}

function answerOf([granted, waitMs, paused]: number[]): StoreAnswer {
  return granted === 1 ? { granted: true } : { granted: false, waitMs: waitMs ?? 1, paused: paused === 1 };
}

/** The store on a Redis shared by every process (Bull's own connection in the host). */
export function redisPacingStore(client: Redis): PacingStore {
  client.defineCommand('ledgerbridgePacingReserve', { numberOfKeys: 3, lua: RESERVE });
  client.defineCommand('ledgerbridgePacingRenew', { numberOfKeys: 2, lua: RENEW });
  client.defineCommand('ledgerbridgePacingPause', { numberOfKeys: 1, lua: PAUSE });
  const commands = client as unknown as PacingCommands;
  return {
    async reserve(scope, calls, limit, windowMs, turn = '') {
      const id = randomUUID();
      const answer = answerOf(
        await commands.ledgerbridgePacingReserve(
          LOG_PREFIX + scope,
          PAUSE_PREFIX + scope,
          TURNS_PREFIX + scope,
          limit,
          windowMs,
          calls,
          id,
          turn,
        ),
      );
      return answer.granted ? { granted: true, id } : answer;
    },
    async renew(scope, call, limit, windowMs) {
      return answerOf(
        await commands.ledgerbridgePacingRenew(LOG_PREFIX + scope, PAUSE_PREFIX + scope, limit, windowMs, call),
      );
    },
    async pause(scope, ms) {
      await commands.ledgerbridgePacingPause(PAUSE_PREFIX + scope, Math.max(1, Math.ceil(ms)));
    },
  };
}

/** The same algorithm in one process, on Date.now() (a clock Jest can move); for tests. */
export function memoryPacingStore(): PacingStore {
  const logs = new Map<string, { at: number; call: string }[]>();
  const pauses = new Map<string, number>();
  const turns = new Map<string, Map<string, number>>();
  return {
    async reserve(scope, calls, limit, windowMs, turn = '') {
      const now = Date.now();
      const pausedUntil = pauses.get(scope) ?? 0;
      const paused = pausedUntil > now;
      let waitMs = pausedUntil - now;
      if (!paused) {
        const log = (logs.get(scope) ?? []).filter((entry) => entry.at > now - windowMs);
        logs.set(scope, log);
        if (log.length + calls <= limit) {
          const id = randomUUID();
          for (let i = 1; i <= calls; i++) log.push({ at: now, call: `${id}:${i}` });
          for (let i = 1; i <= calls; i++) turns.get(scope)?.delete(`${turn}:${i}`);
          return { granted: true, id };
        }
        const freeing = log[log.length + calls - limit - 1]?.at ?? now;
        waitMs = Math.max(1, freeing + windowMs - now);
      }
      if (turn !== '') {
        const waiting = turns.get(scope) ?? new Map<string, number>();
        turns.set(scope, waiting);
        const booked = waiting.has(`${turn}:1`);
        for (const [key, at] of waiting) if (at <= now - windowMs) waiting.delete(key);
        if (!booked) waitMs += Math.floor(waiting.size / limit) * windowMs;
        for (let i = 1; i <= calls; i++) waiting.set(`${turn}:${i}`, now + waitMs);
      }
      return { granted: false, waitMs, paused };
    },
    async renew(scope, call, limit, windowMs) {
      const now = Date.now();
      const log = (logs.get(scope) ?? []).filter((entry) => entry.call !== call && entry.at > now - windowMs);
      logs.set(scope, log);
      const pausedUntil = pauses.get(scope) ?? 0;
      if (pausedUntil > now) return { granted: false, waitMs: pausedUntil - now, paused: true };
      if (log.length < limit) {
        log.push({ at: now, call });
        return { granted: true };
      }
      const freeing = log[log.length - limit]?.at ?? now;
      return { granted: false, waitMs: Math.max(1, freeing + windowMs - now), paused: false };
    },
    async pause(scope, ms) {
      const until = Date.now() + Math.max(1, Math.ceil(ms));
      if (until > (pauses.get(scope) ?? 0)) pauses.set(scope, until);
    },
  };
}
