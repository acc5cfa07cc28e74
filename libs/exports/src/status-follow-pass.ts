import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JobQueue } from '@ledgerbridge/queue';
import { EXPORT_WORKER_OPTIONS, type ExportWorkerOptions } from './export-worker-options';
import { PeriodicPass } from './periodic-pass';
import { StatusFollower } from './status-follower';

/** Every `statusIntervalMs`, one `export.status` job per company with exports waiting for the provider's booking. */
@Injectable()
export class StatusFollowPass implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(StatusFollowPass.name);
  private readonly passes = new PeriodicPass(this.logger, 'The export status pass');

  constructor(
    private readonly follower: StatusFollower,
    private readonly queue: JobQueue,
    @Inject(EXPORT_WORKER_OPTIONS) private readonly options: ExportWorkerOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.passes.start(this.options.statusIntervalMs, () => this.passOnce());
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.passes.stop();
  }

  /** Answers how many jobs it added; a company whose job is still waiting or running gets no second one. */
  async passOnce(): Promise<number> {
    let added = 0;
    for (const companyId of await this.follower.companiesToFollow()) {
      // One job id per company, so every worker process's pass coalesces into one read of its documents.
      if (
        await this.queue.ensure('export.status', { companyId }, `export-status-${companyId}`, { removeWhenDone: true })
      )
        added++;
    }
    return added;
  }
}
