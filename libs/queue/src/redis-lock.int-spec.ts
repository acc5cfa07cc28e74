import Redis from 'ioredis';
import type { Queue } from 'bull';
import { LockTimeoutError, RedisLock } from './redis-lock';

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
});
