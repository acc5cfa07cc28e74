import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ExportEntity, ExportOutboxEntity } from '@ledgerbridge/persistence';
import { JobQueue } from '@ledgerbridge/queue';
import { DataSource, In, IsNull } from 'typeorm';
import { EXPORT_WORKER_OPTIONS, type ExportWorkerOptions } from './export-worker-options';
import { PeriodicPass } from './periodic-pass';

/**
 * The ledger is the truth and Bull only wakes workers: every so often, each export the ledger says is pending
 * (queued, or sending with an expired lease) whose job Bull no longer holds (Redis flushed or replaced, job
 * removed) gets its job back. An export whose outbox row still waits is left to the relay, which takes it in turn.
 */
@Injectable()
export class ExportSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ExportSweeper.name);
  private readonly passes = new PeriodicPass(this.logger, 'The export sweep');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    @Inject(EXPORT_WORKER_OPTIONS) private readonly options: ExportWorkerOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.passes.start(this.options.sweepIntervalMs, () => this.sweepOnce());
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.passes.stop();
  }

  /** One pass over the pending exports, oldest change first; answers how many jobs it put back. */
  async sweepOnce(): Promise<number> {
    let restored = 0;
    let after = '';
    for (;;) {
      // Keyset by id so a pass over a large backlog reads each pending export once.
      const page = await this.dataSource
        .getRepository(ExportEntity)
        .createQueryBuilder('e')
        .select(['e.id', 'e.companyId'])
        .where("(e.state = 'queued' OR (e.state = 'sending' AND e.lease_expires_at < :now))", { now: new Date() })
        .andWhere('e.id > :after', { after })
        .orderBy('e.id', 'ASC')
        .limit(this.options.sweepBatchSize)
        .getMany();
      // One whose outbox row is not relayed yet is the relay's to wake (it holds back a company's rows beyond its cap).
      const waiting = await this.waitingInOutbox(page.map((e) => e.id));
      const pending = page.filter((e) => !waiting.has(e.id));
      const added = await this.queue.ensureMany(
        'export.run',
        pending.map((e) => ({
          payload: { companyId: e.companyId, exportId: e.id },
          jobId: e.id,
          options: { removeWhenDone: true },
        })),
      );
      for (const [i, e] of pending.entries()) {
        if (!added[i]) continue;
        restored++;
        this.logger.log(`Export ${e.id} of company ${e.companyId} was pending without a job: enqueued it again.`);
      }
      const last = page[page.length - 1];
      if (!last || page.length < this.options.sweepBatchSize) return restored;
      after = last.id;
    }
  }

  /**
   * Which of these exports still have an outbox row waiting: a lookup by their ids, not a NOT EXISTS in the page's
   * query. PostgreSQL planned that anti-join from statistics taken while the outbox was idle (every row relayed): a
   * burst of requests then ran it as a nested loop over every waiting row for each pending export — 6 s a page for
   * 10,000 of each, about half of a core through (c) of the benchmark (docs/exports-benchmark.md, ninth run).
   */
  private async waitingInOutbox(exportIds: string[]): Promise<Set<string>> {
    if (exportIds.length === 0) return new Set();
    const rows = await this.dataSource.getRepository(ExportOutboxEntity).find({
      select: { exportId: true },
      where: { exportId: In(exportIds), relayedAt: IsNull() },
    });
    return new Set(rows.map((r) => r.exportId));
  }
}
