import type { Logger } from '@nestjs/common';

/** Runs a background pass every so often, never two at once; a failed pass is logged and the next one runs. */
export class PeriodicPass {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly logger: Logger,
    /** Names the pass in the warning, e.g. "The export sweep". */
    private readonly what: string,
  ) {}

  /** Starts the passes; an interval of 0 or less leaves them off (tests drive them by hand). */
  start(intervalMs: number, pass: () => Promise<unknown>): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = pass()
        .catch((err: unknown) => this.logger.warn(`${this.what} failed and will run again: ${String(err)}`))
        .finally(() => (this.running = undefined));
    }, intervalMs);
  }

  /** Stops the timer and waits for a pass under way, so shutdown never cuts one in half. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
