import Bull from 'bull';
import { WakeSignal } from './wake-signal';

describe('WakeSignal on a real Redis', () => {
  const url = () => process.env['REDIS_URL']!;
  const name = `test-wake-${process.pid}-${Date.now()}`;
  const queues: Bull.Queue[] = [];
  const signals: WakeSignal[] = [];
  const signal = () => {
    const queue = new Bull(name, url());
    queues.push(queue);
    const made = new WakeSignal(queue);
    signals.push(made);
    return made;
  };
  afterAll(async () => {
    for (const s of signals) await s.onModuleDestroy();
    for (const q of queues) await q.close();
  });

  it("reaches every process listening on the topic, and no other topic's listener", async () => {
    const [sender, a, b] = [signal(), signal(), signal()];
    const heard: string[] = [];
    let both: () => void = () => undefined;
    const twice = new Promise<void>((resolve) => (both = resolve));
    const hear = (who: string) => () => {
      heard.push(who);
      if (heard.length === 2) both();
    };
    await a.listen('outbox', hear('a'));
    await b.listen('outbox', hear('b'));
    await b.listen('other', hear('b-other'));
    await sender.notify('outbox');
    await twice;
    await new Promise((r) => setTimeout(r, 50));
    expect(heard.sort()).toEqual(['a', 'b']);
  });

  it('stops calling a listener once it is let go, and a nudge never throws even with Redis gone', async () => {
    const [sender, a] = [signal(), signal()];
    let calls = 0;
    const stop = await a.listen('gone', () => void calls++);
    stop();
    await sender.notify('gone');
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(0);
    const closed = new Bull(`${name}-closed`, url());
    await closed.close();
    await expect(new WakeSignal(closed).notify('outbox')).resolves.toBeUndefined();
  });
});
