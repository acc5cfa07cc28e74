import { ConnectorError } from '@ledgerbridge/connector-sdk';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { pacingPlan, PacingBudget, type CallAllowance, type LimiterFactory } from './pacing-budget';

// The library's in-memory limiter runs the same fixed-window algorithm as its Redis one, on a clock the test moves.
const memory: LimiterFactory = (options) => new RateLimiterMemory(options);

/** The most requests granted in any span of `perMs` (half-open), checked from every grant. */
function busiestWindow(granted: readonly number[], perMs: number): number {
  let most = 0;
  for (let i = 0; i < granted.length; i++) {
    let j = i;
    while (j < granted.length && granted[j]! < granted[i]! + perMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

/** Asks at the given instants (ms from the start); returns the instants that were granted. */
async function drive(take: () => Promise<void>, askAt: readonly number[]): Promise<number[]> {
  const start = Date.now();
  const granted: number[] = [];
  for (const at of askAt) {
    jest.setSystemTime(start + at);
    await jest.advanceTimersByTimeAsync(0);
    try {
      await take();
      granted.push(at);
    } catch (err) {
      if (!(err instanceof ConnectorError) || err.code !== 'rate_limited') throw err;
    }
  }
  return granted;
}

// One request, then a burst just before the window ends, then a burst after it: what breaks a plain fixed window.
function boundaryAttack(perMs: number, requests: number): number[] {
  const late = Array.from({ length: requests }, (_, i) => perMs - 50 + i);
  const after = Array.from({ length: requests * 2 }, (_, i) => perMs + 10 + i);
  return [0, ...late, ...after];
}

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

// Bursts of asks separated by random pauses, for a while: the load of several workers and an API.
function randomLoad(seed: number, perMs: number, spanMs: number): number[] {
  const random = seededRandom(seed);
  const asks: number[] = [];
  for (let at = 0; at < spanMs; at += Math.floor(random() * perMs * 0.15)) {
    const burst = 1 + Math.floor(random() * 12);
    for (let i = 0; i < burst; i++) asks.push(at + i);
  }
  return asks;
}

describe('pacingPlan', () => {
  it.each<[CallAllowance, { sliceSeconds: number; perSlice: number }, number]>([
    [{ requests: 90, perMs: 60_000 }, { sliceSeconds: 10, perSlice: 13 }, 78],
    [{ requests: 60, perMs: 60_000 }, { sliceSeconds: 12, perSlice: 10 }, 50],
    [{ requests: 1, perMs: 60_000 }, { sliceSeconds: 60, perSlice: 1 }, 1],
    [{ requests: 7, perMs: 3_000 }, { sliceSeconds: 3, perSlice: 4 }, 4],
  ])('cuts %p into %p, using %p requests a window', (allowance, plan, perWindow) => {
    const found = pacingPlan(allowance);
    expect(found).toEqual(plan);
    expect(found.perSlice * (allowance.perMs / 1000 / found.sliceSeconds)).toBe(perWindow);
  });

  it('refuses an allowance the library cannot express', () => {
    expect(() => pacingPlan({ requests: 0, perMs: 60_000 })).toThrow(TypeError);
    expect(() => pacingPlan({ requests: 10, perMs: 1_500 })).toThrow(TypeError);
  });
});

describe('PacingBudget (in-memory limiter, moved clock)', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2026, 0, 5, 9, 0, 0) }));
  afterEach(() => jest.useRealTimers());

  it('shows the pitfall: a plain fixed window of the whole allowance lets twice the allowance through', async () => {
    const plain = new RateLimiterMemory({ points: 10, duration: 6 });
    const granted = await drive(
      () =>
        plain.consume('org').then(
          () => undefined,
          () => Promise.reject(new ConnectorError('rate_limited', 'x')),
        ),
      boundaryAttack(6_000, 10),
    );
    expect(busiestWindow(granted, 6_000)).toBeGreaterThan(10);
  });

  it.each<[string, CallAllowance, (a: CallAllowance) => number[]]>([
    ['the boundary attack, 10 per 6 s', { requests: 10, perMs: 6_000 }, (a) => boundaryAttack(a.perMs, a.requests)],
    ['the boundary attack, 90 per minute', { requests: 90, perMs: 60_000 }, (a) => boundaryAttack(a.perMs, a.requests)],
    ['random bursts, 60 per minute', { requests: 60, perMs: 60_000 }, (a) => randomLoad(1, a.perMs, 10 * a.perMs)],
    ['random bursts, 90 per minute', { requests: 90, perMs: 60_000 }, (a) => randomLoad(2, a.perMs, 10 * a.perMs)],
    ['random bursts, 14 per 6 s', { requests: 14, perMs: 6_000 }, (a) => randomLoad(3, a.perMs, 20 * a.perMs)],
    ['random bursts, 1 per 10 s', { requests: 1, perMs: 10_000 }, (a) => randomLoad(4, a.perMs, 20 * a.perMs)],
  ])('never grants more than the allowance in any window: %s', async (_name, allowance, load) => {
    const budget = new PacingBudget(memory);
    const granted = await drive(() => budget.take('dinero:100001', allowance), load(allowance));
    expect(busiestWindow(granted, allowance.perMs)).toBeLessThanOrEqual(allowance.requests);
    // And it is not idle: under steady demand most of the allowance is used.
    if (granted.length > 0 && load(allowance).length > allowance.requests * 5) {
      const windows = (granted[granted.length - 1]! - granted[0]!) / allowance.perMs;
      expect(granted.length / Math.max(1, windows)).toBeGreaterThanOrEqual(allowance.requests * 0.5);
    }
  });

  it('keeps organizations apart and says how long until a request is free', async () => {
    const budget = new PacingBudget(memory);
    const allowance = { requests: 7, perMs: 3_000 };
    for (let i = 0; i < 4; i++) await budget.take('dinero:1', allowance);
    const refusal = (await budget.take('dinero:1', allowance).catch((e: unknown) => e)) as ConnectorError;
    expect(refusal).toMatchObject({ code: 'rate_limited', retryable: true, outcomeUnknown: false });
    expect(refusal.retryAfterMs).toBeGreaterThan(2_900);
    expect(refusal.retryAfterMs).toBeLessThanOrEqual(3_000);
    await expect(budget.take('dinero:2', allowance)).resolves.toBeUndefined();
    jest.advanceTimersByTime(refusal.retryAfterMs!);
    await expect(budget.take('dinero:1', allowance)).resolves.toBeUndefined();
  });

  it('pauses an organization after the provider refused, for Retry-After or else a whole window', async () => {
    const budget = new PacingBudget(memory);
    const connection = budget.budgetFor('dinero:1', { requests: 90, perMs: 60_000 });
    await connection.providerRefused(7_000);
    await expect(connection.take()).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 7_000 });
    jest.advanceTimersByTime(7_000);
    await expect(connection.take()).resolves.toBeUndefined();

    await connection.providerRefused(undefined);
    jest.advanceTimersByTime(59_000);
    const refusal = (await connection.take().catch((e: unknown) => e)) as ConnectorError;
    expect(refusal).toMatchObject({ code: 'rate_limited', retryAfterMs: 1_000 });
    expect(refusal.message).toContain('paused');
  });

  it('turns a store failure into unavailable, nothing sent', async () => {
    const broken: LimiterFactory = () =>
      ({
        get: async () => Promise.reject(new Error('ECONNREFUSED')),
        consume: async () => Promise.reject(new Error('x')),
      }) as never;
    await expect(new PacingBudget(broken).take('dinero:1', { requests: 5, perMs: 1_000 })).rejects.toMatchObject({
      code: 'unavailable',
      outcomeUnknown: false,
    });
  });
});
