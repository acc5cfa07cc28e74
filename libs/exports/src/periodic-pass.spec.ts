import { Logger } from '@nestjs/common';
import { PeriodicPass } from './periodic-pass';

describe('PeriodicPass', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function logger(): { logger: Logger; warnings: string[] } {
    const warnings: string[] = [];
    const l = new Logger('test');
    jest.spyOn(l, 'warn').mockImplementation((m: unknown) => void warnings.push(String(m)));
    return { logger: l, warnings };
  }

  it('never starts a pass while the previous one is still running', async () => {
    const { logger: l } = logger();
    let started = 0;
    let finish: () => void = () => undefined;
    const passes = new PeriodicPass(l, 'The test pass');
    passes.start(10, () => {
      started++;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    await jest.advanceTimersByTimeAsync(55);
    expect(started).toBe(1);
    finish();
    await jest.advanceTimersByTimeAsync(10);
    expect(started).toBe(2);
    finish();
    await passes.stop();
  });

  it('logs a failed pass in words and runs the next one', async () => {
    const { logger: l, warnings } = logger();
    let calls = 0;
    const passes = new PeriodicPass(l, 'The test pass');
    passes.start(10, async () => {
      calls++;
      if (calls === 1) throw new Error('database gone');
    });
    await jest.advanceTimersByTimeAsync(25);
    expect(calls).toBe(2);
    expect(warnings).toEqual(['The test pass failed and will run again: Error: database gone']);
    await passes.stop();
  });

  it('stays off at an interval of 0, and stop waits for the pass under way', async () => {
    const { logger: l } = logger();
    const off = new PeriodicPass(l, 'Off');
    let offCalls = 0;
    off.start(0, async () => void offCalls++);
    await jest.advanceTimersByTimeAsync(100);
    expect(offCalls).toBe(0);

    const on = new PeriodicPass(l, 'On');
    let done = false;
    on.start(10, () => new Promise<void>((resolve) => setTimeout(() => ((done = true), resolve()), 50)));
    await jest.advanceTimersByTimeAsync(10);
    const stopped = on.stop();
    await jest.advanceTimersByTimeAsync(50);
    await stopped;
    expect(done).toBe(true);
  });

  it('runs a pass at once when nudged, and once more after one under way; nothing once stopped', async () => {
    const { logger: l } = logger();
    let started = 0;
    let finish: () => void = () => undefined;
    const passes = new PeriodicPass(l, 'The test pass');
    passes.start(1_000, () => {
      started++;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    passes.runNow();
    expect(started).toBe(1);
    // Two nudges while it runs: one more pass right after it, not two.
    passes.runNow();
    passes.runNow();
    finish();
    await jest.advanceTimersByTimeAsync(0);
    expect(started).toBe(2);
    finish();
    await jest.advanceTimersByTimeAsync(0);
    expect(started).toBe(2);
    await passes.stop();
    passes.runNow();
    expect(started).toBe(2);
  });
});
