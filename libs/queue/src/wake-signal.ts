import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bull';
import type Redis from 'ioredis';
import { LEDGERBRIDGE_QUEUE } from './job-map';

/**
 * A nudge between processes over Redis pub/sub, on Bull's Redis: "there is work for you now", never the work itself.
 * A nudge may be lost (no listener yet, Redis away): whatever listens also runs on a timer, the nudge only saves it
 * the wait for the next tick. One subscriber connection per process, opened by the first `listen`.
 */
@Injectable()
export class WakeSignal implements OnModuleDestroy {
  private readonly logger = new Logger(WakeSignal.name);
  private subscriber: Redis | undefined;
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(@InjectQueue(LEDGERBRIDGE_QUEUE) private readonly queue: Queue) {}

  /** Nudges every process listening on `topic`. Never throws: a lost nudge only means the timer's pass comes. */
  async notify(topic: string): Promise<void> {
    try {
      await this.queue.client.publish(this.channel(topic), '1');
    } catch (err) {
      this.logger.debug(`The ${topic} nudge was not sent (${String(err)}); the timer's pass will come instead.`);
    }
  }

  /** Calls `listener` on every nudge of `topic` until the answered function is called. */
  async listen(topic: string, listener: () => void): Promise<() => void> {
    const channel = this.channel(topic);
    let listeners = this.listeners.get(channel);
    if (!listeners) {
      this.listeners.set(channel, (listeners = new Set()));
      await this.connection().subscribe(channel);
    }
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }

  async onModuleDestroy(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.listeners.clear();
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    // A subscribed connection can do nothing else, so it is Bull's client duplicated (same address and options).
    const subscriber = this.queue.client.duplicate();
    subscriber.on('message', (channel: string) => {
      for (const listener of this.listeners.get(channel) ?? []) listener();
    });
    subscriber.on('error', (err: Error) => this.logger.debug(`Wake-up subscriber: ${err.message}`));
    return (this.subscriber = subscriber);
  }

  private channel(topic: string): string {
    // Under the queue's key prefix, so two deployments sharing one Redis under different prefixes stay apart.
    const prefix = (this.queue as unknown as { keyPrefix?: string }).keyPrefix ?? 'bull';
    return `${prefix}:${LEDGERBRIDGE_QUEUE}:wake:${topic}`;
  }
}
