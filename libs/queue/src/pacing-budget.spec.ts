import { ConnectorError } from '@ledgerbridge/connector-sdk';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { BudgetSpentError, pacingPlan, PacingBudget, type CallAllowance } from './pacing-budget';
import { memoryPacingStore, type PacingStore } from './pacing-store';
import { PutBack } from './put-back';

/** The most requests granted in any span of `perMs` (half-open), checked from every grant. */
function busiestWindow(granted: readonly number[], perMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < granted.length; i++) {
    while (j < granted.length && granted[j]! < granted[i]! + perMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

/** Asks at the given instants (ms from the start) for `calls` each; returns one instant per call granted. */
async function drive(
  reserve: (calls: number) => Promise<void>,
  askAt: readonly number[],
  calls = 1,
): Promise<number[]> {
  const start = Date.now();
  const granted: number[] = [];
  for (const at of askAt) {
    jest.setSystemTime(start + at);
    try {
      await reserve(calls);
      for (let i = 0; i < calls; i++) granted.push(at);
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

const every = (spanMs: number, stepMs: number) => Array.from({ length: spanMs / stepMs }, (_, i) => i * stepMs);

describe('pacingPlan', () => {
  it.each<[CallAllowance, number]>([
    [{ requests: 90, perMs: 60_000 }, 62_000],
    [{ requests: 60, perMs: 60_000 }, 62_000],
    [{ requests: 100, perMs: 6_000 }, 6_300],
    [{ requests: 7, perMs: 3_000 }, 3_150],
  ])('keeps all of %p in a sliding window of %p ms: ≥ 95 % of the share', (allowance, windowMs) => {
    const plan = pacingPlan(allowance);
    expect(plan).toMatchObject({ requests: allowance.requests, windowMs });
    expect(plan.holdMs).toBe(windowMs - allowance.perMs);
    expect(allowance.perMs / plan.windowMs).toBeGreaterThanOrEqual(0.95);
  });

  it('refuses an allowance it cannot keep', () => {
    expect(() => pacingPlan({ requests: 0, perMs: 60_000 })).toThrow(TypeError);
    expect(() => pacingPlan({ requests: 10, perMs: 999 })).toThrow(TypeError);
    expect(() => pacingPlan({ requests: 1.5, perMs: 6_000 })).toThrow(TypeError);
  });
});

describe('PacingBudget (in-memory sliding log, moved clock)', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2026, 0, 5, 9, 0, 0) }));
  afterEach(() => jest.useRealTimers());

  it('shows the pitfall: a plain fixed window of the whole allowance lets twice the allowance through', async () => {
    const plain = new RateLimiterMemory({ points: 10, duration: 6 });
    const take = () =>
      plain.consume('org').then(
        () => undefined,
        () => Promise.reject(new ConnectorError('rate_limited', 'x')),
      );
    expect(busiestWindow(await drive(take, boundaryAttack(6_000, 10)), 6_000)).toBeGreaterThan(10);
  });

  it.each<[string, CallAllowance, (a: CallAllowance) => number[], number]>([
    ['the boundary attack, 10 per 6 s', { requests: 10, perMs: 6_000 }, (a) => boundaryAttack(a.perMs, a.requests), 1],
    ['the boundary attack, 90 per minute', { requests: 90, perMs: 60_000 }, (a) => boundaryAttack(a.perMs, 90), 1],
    ['random bursts, 60 per minute', { requests: 60, perMs: 60_000 }, (a) => randomLoad(1, a.perMs, 10 * a.perMs), 1],
    ['random bursts, 90 per minute', { requests: 90, perMs: 60_000 }, (a) => randomLoad(2, a.perMs, 10 * a.perMs), 1],
    ['random bursts, 14 per 6 s', { requests: 14, perMs: 6_000 }, (a) => randomLoad(3, a.perMs, 20 * a.perMs), 1],
    ['random bursts, 1 per 10 s', { requests: 1, perMs: 10_000 }, (a) => randomLoad(4, a.perMs, 20 * a.perMs), 1],
    ['random pairs, 60 per minute', { requests: 60, perMs: 60_000 }, (a) => randomLoad(5, a.perMs, 10 * a.perMs), 2],
    ['random pairs, 7 per 3 s', { requests: 7, perMs: 3_000 }, (a) => randomLoad(6, a.perMs, 20 * a.perMs), 2],
  ])('never grants more than the allowance in any window: %s', async (_name, allowance, load, calls) => {
    const budget = new PacingBudget(memoryPacingStore());
    const reserve = async (n: number) => {
      const answer = await budget.reserve('dinero:100001', allowance, n);
      if (!answer.granted) throw new ConnectorError('rate_limited', answer.reason);
    };
    const granted = await drive(reserve, load(allowance), calls);
    expect(granted.length).toBeGreaterThan(0);
    expect(busiestWindow(granted, allowance.perMs)).toBeLessThanOrEqual(allowance.requests);
  });

  it.each<[CallAllowance, number, number]>([
    [{ requests: 60, perMs: 60_000 }, 1, 50],
    [{ requests: 90, perMs: 60_000 }, 1, 50],
    [{ requests: 100, perMs: 6_000 }, 1, 5],
    [{ requests: 100, perMs: 6_000 }, 2, 5],
  ])('uses ≥ 90 %% of %p under a backlog (%p calls at a time, asked every %p ms)', async (allowance, calls, stepMs) => {
    const budget = new PacingBudget(memoryPacingStore());
    const span = 10 * allowance.perMs;
    const granted = await drive(() => budget.take('dinero:1', allowance), every(span, stepMs));
    const planned = await drive(
      async (n) => {
        const answer = await budget.reserve('dinero:2', allowance, n);
        if (!answer.granted) throw new ConnectorError('rate_limited', answer.reason);
      },
      every(span, stepMs),
      calls,
    );
    for (const run of [granted, planned]) {
      expect(run.length / ((span / allowance.perMs) * allowance.requests)).toBeGreaterThanOrEqual(0.9);
      expect(busiestWindow(run, allowance.perMs)).toBeLessThanOrEqual(allowance.requests);
    }
  });

  it('reserves several calls at once or none, and says how long until all of them fit', async () => {
    const budget = new PacingBudget(memoryPacingStore());
    const allowance = { requests: 7, perMs: 3_000 }; // a window of 3 150 ms
    expect((await budget.reserve('dinero:1', allowance, 5)).granted).toBe(true);
    jest.advanceTimersByTime(1_000);
    await budget.take('dinero:1', allowance);
    const refusal = await budget.reserve('dinero:1', allowance, 2);
    // 6 of 7 spent: two more fit only once the five of the first reservation have aged out.
    expect(refusal).toMatchObject({ granted: false, retryAfterMs: 2_150 });
    // Nothing of the refused reservation was taken: one call still fits.
    expect((await budget.reserve('dinero:1', allowance, 1)).granted).toBe(true);
    await expect(budget.take('dinero:1', allowance)).rejects.toBeInstanceOf(BudgetSpentError);
    jest.advanceTimersByTime(2_150);
    expect((await budget.reserve('dinero:1', allowance, 2)).granted).toBe(true);
    await expect(budget.reserve('dinero:1', allowance, 8)).rejects.toThrow(TypeError);
  });

  it('keeps organizations apart', async () => {
    const budget = new PacingBudget(memoryPacingStore());
    const allowance = { requests: 2, perMs: 3_000 };
    await budget.reserve('dinero:1', allowance, 2);
    await expect(budget.take('dinero:1', allowance)).rejects.toMatchObject({ code: 'rate_limited' });
    await expect(budget.take('dinero:2', allowance)).resolves.toBeUndefined();
  });

  it('spends a reservation before taking afresh, and renews a reserved call once it is too old to send', async () => {
    const store = memoryPacingStore();
    const asked: string[] = [];
    const counting: PacingStore = {
      reserve: (scope, calls, limit, windowMs) => (
        asked.push(`reserve ${calls}`),
        store.reserve(scope, calls, limit, windowMs)
      ),
      renew: (scope, call, limit, windowMs) => (asked.push('renew'), store.renew(scope, call, limit, windowMs)),
      pause: (scope, ms) => store.pause(scope, ms),
    };
    const budget = new PacingBudget(counting);
    const allowance = { requests: 90, perMs: 60_000 }; // reserved calls stay usable for 2 s
    const reservation = await budget.reserveOrPutBack('dinero:1', allowance, 2);
    const connection = budget.budgetFor('dinero:1', allowance, reservation);
    await connection.take();
    await connection.take();
    expect(asked).toEqual(['reserve 2']);
    await connection.take(); // an unplanned call (a read-back after a 409)
    expect(asked).toEqual(['reserve 2', 'reserve 1']);

    // The second call of a slow write: its stale grant is replaced, not paid twice.
    const late = await budget.reserveOrPutBack('dinero:1', allowance, 2);
    const slow = budget.budgetFor('dinero:1', allowance, late);
    await slow.take();
    jest.advanceTimersByTime(2_001);
    await slow.take();
    expect(asked).toEqual(['reserve 2', 'reserve 1', 'reserve 2', 'renew']);
    expect(late.remaining).toBe(0);
    expect(() => budget.budgetFor('dinero:2', allowance, late)).toThrow(TypeError);
    // 5 calls were sent, so 85 of the 90 are left in the window: no more, no fewer.
    expect((await budget.reserve('dinero:1', allowance, 85)).granted).toBe(true);
    expect((await budget.reserve('dinero:1', allowance, 1)).granted).toBe(false);
  });

  it('refuses a renewal when its grant has left the window and the window is full again', async () => {
    const budget = new PacingBudget(memoryPacingStore());
    const allowance = { requests: 3, perMs: 60_000 }; // a window of 62 s
    const late = await budget.reserveOrPutBack('dinero:1', allowance, 2);
    const slow = budget.budgetFor('dinero:1', allowance, late);
    jest.advanceTimersByTime(62_001);
    for (let i = 0; i < 3; i++) await budget.take('dinero:1', allowance);
    const refusal = (await slow.take().catch((e: unknown) => e)) as BudgetSpentError;
    expect(refusal).toBeInstanceOf(BudgetSpentError);
    expect(refusal.retryAfterMs).toBe(62_000);
    // Its grant is gone either way: the reservation's second call is renewed too, never paid from thin air.
    expect(late.remaining).toBe(1);
  });

  it('answers a PutBack for when the calls fit, for the worker to act on', async () => {
    const budget = new PacingBudget(memoryPacingStore());
    const allowance = { requests: 4, perMs: 2_000 }; // a window of 2 100 ms
    await budget.reserveOrPutBack('dinero:1', allowance, 3);
    const back = (await budget.reserveOrPutBack('dinero:1', allowance, 2).catch((e: unknown) => e)) as PutBack;
    expect(back).toBeInstanceOf(PutBack);
    expect(back.untilMs).toBe(Date.now() + 2_100);
    expect(back.reason).toContain('2 requests are free in 2100 ms');
  });

  it('gives jobs put back together turns a window apart, a window’s worth each, instead of one instant', async () => {
    const budget = new PacingBudget(memoryPacingStore());
    const allowance = { requests: 8, perMs: 2_000 }; // a window of 2 100 ms: four jobs of two calls
    await budget.reserve('dinero:1', allowance, 8);
    const start = Date.now();
    const turns: number[] = [];
    for (let i = 0; i < 12; i++) {
      const back = (await budget.reserveOrPutBack('dinero:1', allowance, 2).catch((e: unknown) => e)) as PutBack;
      turns.push(back.untilMs - start);
    }
    expect(turns).toEqual([...Array(4).fill(2_100), ...Array(4).fill(4_200), ...Array(4).fill(6_300)]);
    // A caller that gives up (a live read) books no turn, and the booked turns run out once they are past.
    expect(await budget.reserve('dinero:1', allowance, 2)).toMatchObject({ granted: false, retryAfterMs: 2_100 });
    jest.advanceTimersByTime(6_300);
    expect((await budget.reserveOrPutBack('dinero:1', allowance, 2)).remaining).toBe(2);
  });

  /** A budget of one two-call job per 2 100 ms window, spent; `backAt(key)` puts job `key` back: when, from now. */
  async function oneJobPerWindow() {
    const budget = new PacingBudget(memoryPacingStore());
    const allowance = { requests: 2, perMs: 2_000 };
    await budget.reserve('dinero:1', allowance, 2);
    const start = Date.now();
    const backAt = async (key: string) =>
      ((await budget.reserveOrPutBack('dinero:1', allowance, 2, key).catch((e: unknown) => e)) as PutBack).untilMs -
      start;
    return { budget, allowance, backAt };
  }

  it('lets a job back at its turn keep its place when refused again, instead of queueing behind the rest', async () => {
    const { budget, allowance, backAt } = await oneJobPerWindow();
    expect([await backAt('a'), await backAt('b'), await backAt('c')]).toEqual([2_100, 4_200, 6_300]);
    // At a's turn a live read took a call first: a is refused again, and waits only until its calls free.
    jest.advanceTimersByTime(2_100);
    await budget.take('dinero:1', allowance);
    expect(await backAt('a')).toBe(2_100 + 2_100);
    // A newcomer still queues behind every booked turn (a, b, c: three jobs of two calls = three windows).
    expect(await backAt('d')).toBe(2_100 + 2_100 + 3 * 2_100);
    jest.advanceTimersByTime(2_100);
    expect((await budget.reserveOrPutBack('dinero:1', allowance, 2, 'a')).remaining).toBe(2);
  });

  it('keeps a job’s turn when it wakes late, after another job was refused past that turn', async () => {
    const { budget, allowance, backAt } = await oneJobPerWindow();
    expect([await backAt('a'), await backAt('b')]).toEqual([2_100, 4_200]);
    jest.advanceTimersByTime(2_100);
    expect((await budget.reserveOrPutBack('dinero:1', allowance, 2, 'a')).remaining).toBe(2);
    // b's turn comes at 4 200; a live read takes a call at 4 210 and a newcomer is refused at 4 250 …
    jest.advanceTimersByTime(2_110);
    await budget.take('dinero:1', allowance);
    jest.advanceTimersByTime(40);
    expect(await backAt('c')).toBe(4_210 + 2_100 + 2_100);
    // … b, woken 100 ms late, still holds its turn: it waits for the read's call to free, not behind c.
    jest.advanceTimersByTime(50);
    expect(await backAt('b')).toBe(4_210 + 2_100);
  });

  it('pauses an organization after the provider refused, for Retry-After or else a whole window', async () => {
    const budget = new PacingBudget(memoryPacingStore());
    const connection = budget.budgetFor('dinero:1', { requests: 90, perMs: 60_000 });
    await connection.providerRefused(7_000);
    await expect(connection.take()).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 7_000 });
    jest.advanceTimersByTime(7_000);
    await expect(connection.take()).resolves.toBeUndefined();

    await connection.providerRefused(undefined);
    await connection.providerRefused(1_000); // a shorter pause does not cut the longer one
    jest.advanceTimersByTime(59_000);
    const refusal = (await connection.take().catch((e: unknown) => e)) as ConnectorError;
    expect(refusal).toMatchObject({ code: 'rate_limited', retryAfterMs: 1_000 });
    expect(refusal.message).toContain('paused');
  });

  it('turns a store failure into unavailable, nothing sent', async () => {
    const broken: PacingStore = {
      reserve: async () => Promise.reject(new Error('ECONNREFUSED')),
      renew: async () => Promise.reject(new Error('ECONNREFUSED')),
      pause: async () => Promise.reject(new Error('ECONNREFUSED')),
    };
    const budget = new PacingBudget(broken);
    await expect(budget.take('dinero:1', { requests: 5, perMs: 1_000 })).rejects.toMatchObject({
      code: 'unavailable',
      outcomeUnknown: false,
    });
    await expect(budget.pause('dinero:1', 1_000)).rejects.toMatchObject({ code: 'unavailable' });
  });
});
