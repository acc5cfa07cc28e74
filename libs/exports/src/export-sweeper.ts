import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ExportEntity } from '@ledgerbridge/persistence';
import { JobQueue } from '@ledgerbridge/queue';
import { DataSource } from 'typeorm';
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
      const pending = await this.dataSource
        .getRepository(ExportEntity)
        .createQueryBuilder('e')
        .select(['e.id', 'e.companyId'])
        .where("(e.state = 'queued' OR (e.state = 'sending' AND e.lease_expires_at < :now))", { now: new Date() })
        // One whose outbox row is not relayed yet is the relay's to wake (it holds back a company's rows beyond its cap).
        .andWhere('NOT EXISTS (SELECT 1 FROM export_outbox o WHERE o.export_id = e.id AND o.relayed_at IS NULL)')
        .andWhere('e.id > :after', { after })
        .orderBy('e.id', 'ASC')
        .limit(this.options.sweepBatchSize)
        .getMany();
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
      const last = pending[pending.length - 1];
      if (!last || pending.length < this.options.sweepBatchSize) return restored;
      after = last.id;
    }
  }
}
