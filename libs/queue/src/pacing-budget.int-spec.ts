import { ConnectorError } from '@ledgerbridge/connector-sdk';
import Redis from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { PacingBudget, pacingPlan } from './pacing-budget';
import { redisPacingStore } from './pacing-store';
import { PutBack } from './put-back';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function busiestWindow(granted: readonly number[], perMs: number): number {
  const sorted = [...granted].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + perMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

/** Asks `take` at the given offsets (ms from now), recording when a grant came back. */
async function askAt(
  offsets: readonly number[],
  take: () => Promise<void>,
  start: number,
  granted: number[],
): Promise<void> {
  for (const offset of offsets) {
    const wait = start + offset - Date.now();
    if (wait > 0) await sleep(wait);
    try {
      await take();
      granted.push(Date.now());
    } catch (err) {
      if (!(err instanceof ConnectorError) || err.code !== 'rate_limited') throw err;
    }
  }
}

// After one request opens a window: a burst just before it ends and one right after, what lets a fixed window pass 2N.
const attack = (perMs: number, requests: number) => [
  ...Array.from({ length: requests }, (_, i) => perMs - 300 + i * 5),
  ...Array.from({ length: requests * 2 }, (_, i) => perMs + 100 + i * 5),
];
const steady = (spanMs: number, everyMs: number) =>
  Array.from({ length: Math.floor(spanMs / everyMs) }, (_, i) => i * everyMs);

// Two PacingBudgets on two connections stand for two processes; a 6 s window keeps the test short.
describe('PacingBudget on a real Redis', () => {
  const url = process.env['REDIS_URL'];
  let clients: Redis[];

  beforeAll(async () => {
    if (!url) throw new Error('REDIS_URL is not set: npm test starts a private Redis and sets it.');
    clients = [new Redis(url), new Redis(url)];
    await Promise.all(clients.map((c) => c.ping()));
  });

  /** The opening request; the attack's offsets count from when it was granted. */
  async function open(take: () => Promise<void>, granted: number[]): Promise<number> {
    await take();
    granted.push(Date.now());
    return Date.now();
  }

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('shows the pitfall: the library’s plain fixed window lets about twice the allowance through one 6 s window', async () => {
    const plain = new RateLimiterRedis({
      storeClient: clients[0]!,
      keyPrefix: `plain-${Date.now()}`,
      points: 10,
      duration: 6,
    });
    const take = () =>
      plain.consume('org').then(
        () => undefined,
        () => Promise.reject(new ConnectorError('rate_limited', 'x')),
      );
    const granted: number[] = [];
    await askAt(attack(6_000, 10), take, await open(take, granted), granted);
    expect(busiestWindow(granted, 6_000)).toBeGreaterThan(10);
  }, 20_000);

  it('never lets two processes together exceed the allowance in any 6 s window, and uses most of it', async () => {
    const scope = `dinero:int-${process.pid}-${Date.now()}`;
    const allowance = { requests: 14, perMs: 6_000 };
    const budgets = clients.map((client) => new PacingBudget(redisPacingStore(client)));
    const granted: number[] = [];
    const start = await open(() => budgets[0]!.take(scope, allowance), granted);
    await Promise.all([
      askAt(attack(allowance.perMs, allowance.requests), () => budgets[0]!.take(scope, allowance), start, granted),
      askAt(steady(14_000, 40), () => budgets[1]!.take(scope, allowance), start, granted),
    ]);
    expect(busiestWindow(granted, allowance.perMs)).toBeLessThanOrEqual(allowance.requests);
    // Under a backlog the first two windows carry at least 90 % of their 28 requests (slices allowed 24).
    const firstTwo = granted.filter((at) => at < start + 2 * allowance.perMs).length;
    expect(firstTwo).toBeGreaterThanOrEqual(Math.ceil(0.9 * 2 * allowance.requests));
  }, 30_000);

  it('grants a reservation whole or not at all when two processes ask at once', async () => {
    const scope = `dinero:race-${process.pid}-${Date.now()}`;
    const allowance = { requests: 14, perMs: 6_000 };
    const budgets = clients.map((client) => new PacingBudget(redisPacingStore(client)));
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => budgets[i % 2]!.reserve(scope, allowance, 3)),
    );
    expect(answers.filter((a) => a.granted)).toHaveLength(4);
    // 12 calls logged, none of a refused reservation; the 13th and 14th still fit, a 15th does not.
    expect(await clients[0]!.zcard(`ledgerbridge:pacing-log:${scope}`)).toBe(12);
    const refused = answers.find((a) => !a.granted);
    expect(refused).toMatchObject({ granted: false });
    expect(refused!.granted === false && refused!.retryAfterMs).toBeGreaterThan(6_000);
    expect((await budgets[1]!.reserve(scope, allowance, 2)).granted).toBe(true);
    await expect(budgets[0]!.take(scope, allowance)).rejects.toMatchObject({ code: 'rate_limited' });
  }, 10_000);

  it('pauses an organization for every process after the provider refused', async () => {
    const scope = `dinero:pause-${process.pid}-${Date.now()}`;
    const allowance = { requests: 90, perMs: 60_000 };
    const [first, second] = clients.map((client) =>
      new PacingBudget(redisPacingStore(client)).budgetFor(scope, allowance),
    );
    await first!.providerRefused(2_000);
    const refusal = (await second!.take().catch((e: unknown) => e)) as ConnectorError;
    expect(refusal).toMatchObject({ code: 'rate_limited' });
    expect(refusal.retryAfterMs).toBeGreaterThan(1_000);
    expect(refusal.retryAfterMs).toBeLessThanOrEqual(2_000);
    await sleep(refusal.retryAfterMs! + 20);
    await expect(second!.take()).resolves.toBeUndefined();
  }, 10_000);

  it('renews a reserved call sent late in place of its stale grant, from any process', async () => {
    const scope = `dinero:renew-${process.pid}-${Date.now()}`;
    const allowance = { requests: 4, perMs: 1_000 }; // a window of 1 050 ms, reserved calls usable for 50 ms
    const [one, two] = clients.map((client) => new PacingBudget(redisPacingStore(client)));
    const reserved = await one!.reserveOrPutBack(scope, allowance, 2);
    await sleep(80);
    const late = two!.budgetFor(scope, allowance, reserved);
    await late.take();
    await late.take();
    // Still two grants in the log (renewed, not added): two more calls fit, a third does not.
    const log = `ledgerbridge:pacing-log:${scope}`;
    expect(await clients[0]!.zcard(log)).toBe(2);
    expect((await one!.reserve(scope, allowance, 2)).granted).toBe(true);
    expect((await two!.reserve(scope, allowance, 1)).granted).toBe(false);
  }, 10_000);

  it('keeps a job back at its turn in its place when refused again (turn keys in Redis)', async () => {
    const scope = `dinero:turns-${process.pid}-${Date.now()}`;
    const allowance = { requests: 2, perMs: 1_000 }; // a window of 1 050 ms
    const budget = new PacingBudget(redisPacingStore(clients[0]!));
    await budget.reserve(scope, allowance, 2);
    const waitOf = async (key: string) => {
      const asked = Date.now();
      const back = (await budget.reserveOrPutBack(scope, allowance, 2, key).catch((e: unknown) => e)) as PutBack;
      return back.untilMs - asked;
    };
    const [a, b, c] = [await waitOf('a'), await waitOf('b'), await waitOf('c')];
    expect(b - a).toBeGreaterThan(900);
    expect(c - b).toBeGreaterThan(900);
    await sleep(a + 10);
    await budget.take(scope, allowance); // someone else took a call at a's turn
    const again = await waitOf('a');
    // Only until its calls free (≤ one window, give or take the clocks' milliseconds), not behind b and c (≥ 3).
    expect(again).toBeLessThan(1_500);
    expect(await waitOf('d')).toBeGreaterThan(again + 2_500); // a newcomer queues behind a, b and c
  }, 10_000);

  it('keeps a late-waking job its turn after another job was refused past it (turn keys in Redis)', async () => {
    const scope = `dinero:late-turns-${process.pid}-${Date.now()}`;
    const allowance = { requests: 2, perMs: 1_000 }; // a window of 1 050 ms
    const budget = new PacingBudget(redisPacingStore(clients[0]!));
    await budget.reserve(scope, allowance, 2);
    const start = Date.now();
    const waitOf = async (key: string) => {
      const asked = Date.now();
      const back = (await budget.reserveOrPutBack(scope, allowance, 2, key).catch((e: unknown) => e)) as PutBack;
      return back.untilMs - asked;
    };
    const [a, b] = [await waitOf('a'), await waitOf('b')];
    await sleep(start + a + 10 - Date.now());
    expect((await budget.reserveOrPutBack(scope, allowance, 2, 'a')).remaining).toBe(2);
    const aGranted = Date.now();
    // b's turn has passed and b is not back yet; a's calls have freed (a busy machine may have woken a late).
    await sleep(Math.max(start + b + 60, aGranted + pacingPlan(allowance).windowMs + 20) - Date.now());
    await budget.take(scope, allowance);
    const c = await waitOf('c'); // refused past b's turn: queues behind b
    const late = await waitOf('b');
    expect(late).toBeLessThan(1_200); // only until the read's call frees: its turn is still booked
    expect(c).toBeGreaterThan(late + 800);
  }, 10_000);
});
