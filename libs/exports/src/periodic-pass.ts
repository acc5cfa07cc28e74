import type { Logger } from '@nestjs/common';

/**
 * Runs a background pass every so often, and at once when nudged (`runNow`), never two at once; a failed pass is
 * logged and the next one runs.
 */
export class PeriodicPass {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private pass: (() => Promise<unknown>) | undefined;
  /** A nudge came while a pass ran: one more pass right after it (what the nudge announced may have come too late). */
  private again = false;

  constructor(
    private readonly logger: Logger,
    /** Names the pass in the warning, e.g. "The export sweep". */
    private readonly what: string,
  ) {}

  /** Starts the passes; an interval of 0 or less leaves them off (tests drive them by hand). */
  start(intervalMs: number, pass: () => Promise<unknown>): void {
    if (intervalMs <= 0) return;
    this.pass = pass;
    this.timer = setInterval(() => {
      if (!this.running) this.run();
    }, intervalMs);
  }

  /** A pass now instead of at the next tick; one under way is followed by one more. Nothing while stopped. */
  runNow(): void {
    if (!this.pass) return;
    if (this.running) this.again = true;
    else this.run();
  }

  /** Stops the timer and waits for a pass under way, so shutdown never cuts one in half. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.pass = undefined;
    this.again = false;
    await this.running;
  }

  private run(): void {
    const pass = this.pass;
    if (!pass) return;
    this.again = false;
    this.running = pass()
      .catch((err: unknown) => this.logger.warn(`${this.what} failed and will run again: ${String(err)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) this.run();
      });
  }
}
