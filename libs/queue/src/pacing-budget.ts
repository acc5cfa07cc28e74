import { Inject, Injectable } from '@nestjs/common';
import { ConnectorError, type CallBudget } from '@ledgerbridge/connector-sdk';
import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** A provider's allowance for one organization: at most `requests` in ANY span of `perMs`. */
export interface CallAllowance {
  readonly requests: number;
  readonly perMs: number;
}

/** How an allowance is cut into the library's fixed windows ("slices"); see docs/adr/0005-call-budget.md. */
export interface PacingPlan {
  readonly sliceSeconds: number;
  readonly perSlice: number;
}

/** Builds one of the library's limiters; Redis in production, in-memory in unit tests. */
export type LimiterFactory = (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;

export const PACING_LIMITERS = Symbol('PACING_LIMITERS');

const MOST_SLICES = 6;
// A job makes a handful of requests in a row (a chart sync three); a slice that cannot hold them would starve it.
const LEAST_BURST = 5;
const SLICES_PREFIX = 'ledgerbridge:pacing';
const PAUSES_PREFIX = 'ledgerbridge:pacing-pause';

/**
 * A slice opens with its first request and lasts `sliceSeconds`; slices never overlap. A span of `perMs` touches at
 * most k + 1 slices (k = perMs / slice) and misses the first request of the earliest one, so it holds at most
 * (k + 1) · perSlice − 1 requests: perSlice = ⌊(requests + 1) / (k + 1)⌋ keeps every span within `requests`.
 * Of the plans with whole-second slices (the library's unit) that still allow a burst of a few requests, the one
 * allowing the most requests per window wins.
 */
export function pacingPlan(allowance: CallAllowance): PacingPlan {
  const { requests, perMs } = allowance;
  if (
    !Number.isSafeInteger(requests) ||
    requests < 1 ||
    !Number.isSafeInteger(perMs) ||
    perMs < 1000 ||
    perMs % 1000 !== 0
  ) {
    throw new TypeError(
      `A call allowance needs whole requests ≥ 1 per whole seconds, got ${requests} per ${perMs} ms.`,
    );
  }
  // One slice per window (two touched, ⌊(requests + 1) / 2⌋ ≥ 1 each) always qualifies, so a plan is always found.
  const burst = Math.min(LEAST_BURST, Math.floor((requests + 1) / 2));
  let best = { sliceSeconds: 0, perSlice: 0, perWindow: 0 };
  for (let slices = 1; slices <= MOST_SLICES; slices++) {
    const sliceSeconds = Math.floor(perMs / slices / 1000);
    if (sliceSeconds < 1) break;
    const touched = Math.ceil(perMs / (sliceSeconds * 1000)) + 1;
    const perSlice = Math.floor((requests + 1) / touched);
    const perWindow = perSlice * Math.floor(perMs / (sliceSeconds * 1000));
    if (perSlice >= burst && perWindow > best.perWindow) best = { sliceSeconds, perSlice, perWindow };
  }
  return { sliceSeconds: best.sliceSeconds, perSlice: best.perSlice };
}

/** The library's limiters on a Redis shared by every process (Bull's own connection in the host). */
export function redisLimiters(client: Redis): LimiterFactory {
  return (options) => new RateLimiterRedis({ storeClient: client, ...options });
}

/**
 * The per-organization call budget, in Redis so every API and worker process spends from the same one. `take`
 * never waits: a spent budget is a `rate_limited` error carrying how long until a request is free again, and the
 * queue repeats the job after that.
 */
@Injectable()
export class PacingBudget {
  private readonly slices = new Map<string, RateLimiterAbstract>();
  private readonly pauses: RateLimiterAbstract;

  constructor(@Inject(PACING_LIMITERS) private readonly limiters: LimiterFactory) {
    // One point; a pause is the library's block, which holds the key past its points for the pause's length.
    this.pauses = limiters({ keyPrefix: PAUSES_PREFIX, points: 1, duration: 1 });
  }

  /** Spends one request of `scope` (provider and organization), or throws rate_limited without spending one. */
  async take(scope: string, allowance: CallAllowance): Promise<void> {
    const paused = await this.guard(scope, () => this.pauses.get(scope));
    if (paused !== null && paused.consumedPoints > 1 && paused.msBeforeNext > 0) {
      throw this.spent(scope, paused.msBeforeNext, 'is paused after the provider refused a request for its rate limit');
    }
    const plan = pacingPlan(allowance);
    try {
      await this.sliceLimiter(plan).consume(scope);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw unavailable(scope);
      throw this.spent(
        scope,
        rejection.msBeforeNext,
        `has spent its ${allowance.requests} requests per ${allowance.perMs / 1000} s`,
      );
    }
  }

  /** Stops every process from calling for `scope` for `ms` (at least a second, the library's unit). */
  async pause(scope: string, ms: number): Promise<void> {
    await this.guard(scope, () => this.pauses.block(scope, Math.max(1, Math.ceil(ms / 1000))));
  }

  /** The SDK's hook for one connection: a provider's 429 without Retry-After pauses for a whole window. */
  budgetFor(scope: string, allowance: CallAllowance): CallBudget {
    return {
      take: () => this.take(scope, allowance),
      providerRefused: (retryAfterMs) => this.pause(scope, retryAfterMs ?? allowance.perMs),
    };
  }

  private sliceLimiter(plan: PacingPlan): RateLimiterAbstract {
    const id = `${plan.perSlice}/${plan.sliceSeconds}`;
    let limiter = this.slices.get(id);
    if (limiter === undefined) {
      // One key per scope whatever the plan, so a changed allowance does not open a second budget beside the first.
      limiter = this.limiters({ keyPrefix: SLICES_PREFIX, points: plan.perSlice, duration: plan.sliceSeconds });
      this.slices.set(id, limiter);
    }
    return limiter;
  }

  private spent(scope: string, msBeforeNext: number, why: string): ConnectorError {
    const retryAfterMs = Math.max(1, Math.ceil(msBeforeNext));
    return new ConnectorError(
      'rate_limited',
      `The call budget of ${scope} ${why}; a request is free in ${retryAfterMs} ms.`,
      {
        retryAfterMs,
        outcomeUnknown: false,
      },
    );
  }

  private async guard<T>(scope: string, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch {
      throw unavailable(scope);
    }
  }
}

// Redis being away must not let requests through unpaced, nor look like the provider's fault.
function unavailable(scope: string): ConnectorError {
  return new ConnectorError(
    'unavailable',
    `The call budget of ${scope} could not be read from Redis; nothing was sent.`,
    {
      outcomeUnknown: false,
    },
  );
}
