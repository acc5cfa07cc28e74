import Redis from 'ioredis';
import type { Queue } from 'bull';
import { LockLostError, LockTimeoutError, RedisLock } from './redis-lock';

// Two RedisLock instances on two connections stand for two processes (an API and a worker).
describe('RedisLock on a real Redis', () => {
  const url = process.env['REDIS_URL'];
  let clients: Redis[];
  let locks: RedisLock[];

  beforeAll(() => {
    if (!url) throw new Error('REDIS_URL is not set: npm test starts a private Redis and sets it.');
    clients = [new Redis(url), new Redis(url)];
    locks = clients.map((client) => new RedisLock({ client } as unknown as Queue));
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const RENEWALS = 'pexpire';

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('lets one holder in at a time across connections', async () => {
    const name = `test:${Date.now()}`;
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        locks[i % 2].run(name, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((r) => setTimeout(r, 15));
          order.push(i);
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await clients[0].exists(`ledgerbridge:lock:${name}`)).toBe(0);
  });

  it('releases the lock when the task fails', async () => {
    const name = `fail:${Date.now()}`;
    await expect(locks[0].run(name, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(locks[1].run(name, async () => 'next', { waitMs: 200 })).resolves.toBe('next');
  });

  it('gives up waiting after waitMs, and never releases a lock it does not hold', async () => {
    const name = `busy:${Date.now()}`;
    let release: () => void = () => undefined;
    const holder = locks[0].run(name, () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 20));
    await expect(locks[1].run(name, async () => 'never', { waitMs: 150 })).rejects.toBeInstanceOf(LockTimeoutError);
    expect(await clients[0].exists(`ledgerbridge:lock:${name}`)).toBe(1);
    release();
    await holder;
  });

  it('keeps the lock while a task outlives the TTL, so a contender cannot enter until it ends', async () => {
    const name = `slow:${Date.now()}`;
    const events: string[] = [];
    const holder = locks[0].run(
      name,
      async (held) => {
        events.push('first in');
        await sleep(3_500); // more than three times the TTL
        events.push(held.aborted ? 'first lost' : 'first out');
      },
      // Renewed every third of it: a TTL of a second outlasts a busy CI machine's pauses of a few hundred ms.
      { ttlMs: 1_000 },
    );
    await sleep(50);
    const contender = locks[1].run(name, async () => void events.push('second in'), { ttlMs: 1_000, waitMs: 8_000 });
    await sleep(2_500);
    expect(await clients[1].pttl(`ledgerbridge:lock:${name}`)).toBeGreaterThan(0);
    await Promise.all([holder, contender]);
    expect(events).toEqual(['first in', 'first out', 'second in']);
  }, 15_000);

  it('stops renewing once the task ends', async () => {
    const name = `stop:${Date.now()}`;
    const renewals: number[] = [];
    const client = clients[0];
    // The same connection, with every renewal script it runs counted.
    const counted = {
      set: client.set.bind(client),
      eval: (script: string, ...args: unknown[]) => {
        if (script.includes(RENEWALS)) renewals.push(Date.now());
        return (client.eval as (...all: unknown[]) => Promise<unknown>)(script, ...args);
      },
    };
    const lock = new RedisLock({ client: counted } as unknown as Queue);
    await lock.run(name, () => sleep(250), { ttlMs: 150 });
    const duringTask = renewals.length;
    await sleep(400);
    expect(duringTask).toBeGreaterThan(0);
    expect(renewals).toHaveLength(duringTask);
    expect(await clients[0].exists(`ledgerbridge:lock:${name}`)).toBe(0);
  });

  it('tells a holder that lost its lock, and rejects its result', async () => {
    const name = `lost:${Date.now()}`;
    let sawLoss = false;
    const holder = locks[0].run(
      name,
      async (held) => {
        await sleep(400);
        sawLoss = held.aborted;
        return 'done under a lock that was gone';
      },
      { ttlMs: 150 },
    );
    await sleep(20);
    // As if the key expired and another process took it: renewals must not revive or extend it.
    await clients[1].set(`ledgerbridge:lock:${name}`, 'another-holder', 'PX', 10_000);
    await expect(holder).rejects.toBeInstanceOf(LockLostError);
    expect(sawLoss).toBe(true);
    expect(await clients[1].get(`ledgerbridge:lock:${name}`)).toBe('another-holder');
    expect(await clients[1].pttl(`ledgerbridge:lock:${name}`)).toBeGreaterThan(9_000);
  });
});
