import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ExportOutboxEntity } from '@ledgerbridge/persistence';
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
    // One whose outbox row is not relayed yet is the relay's to wake (it holds back a company's rows beyond its cap).
    const waiting = await this.waitingInOutbox();
    let restored = 0;
    let after = '';
    for (;;) {
      const page = await this.pendingAfter(after);
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
   * The next page of pending exports after `after`, keyset by id over IDX_exports_in_flight: a pass reads each
   * pending export once. The index's own condition comes first, so PostgreSQL takes the page from it; SQLite, with no
   * statistics, would read every queued export through IDX_exports_pending and sort them for each page, so it is
   * told the index (INDEXED BY).
   */
  private async pendingAfter(after: string): Promise<{ id: string; companyId: string }[]> {
    const driver = this.dataSource.driver;
    const from = driver.options.type === 'postgres' ? 'exports' : 'exports INDEXED BY "IDX_exports_in_flight"';
    const sql =
      `SELECT id, company_id AS "companyId" FROM ${from} WHERE state IN ('queued', 'sending') ` +
      "AND (state = 'queued' OR (state = 'sending' AND lease_expires_at < :now)) AND id > :after " +
      'ORDER BY id LIMIT :limit';
    const [query, parameters] = driver.escapeQueryWithParameters(
      sql,
      { now: new Date(), after, limit: this.options.sweepBatchSize },
      {},
    );
    return this.dataSource.query(query, parameters);
  }

  /**
   * The exports whose outbox row still waits, read once a pass (IDX_export_outbox_waiting), not a NOT EXISTS in each
   * page's query: PostgreSQL planned that anti-join from statistics taken while the outbox was idle (every row
   * relayed), and a burst then ran it as a nested loop over every waiting row for each pending export — 6 s a page
   * at 10,000 of each (docs/exports-benchmark-history.md, ninth run). A row relayed meanwhile only leaves its export
   * to the relay's job; one written meanwhile may get a job from here too, the same job id, which Bull keeps once.
   */
  private async waitingInOutbox(): Promise<Set<string>> {
    const rows = await this.dataSource
      .getRepository(ExportOutboxEntity)
      .createQueryBuilder('o')
      .select('o.export_id', 'exportId')
      .where('o.relayed_at IS NULL')
      .getRawMany<{ exportId: string }>();
    return new Set(rows.map((r) => r.exportId));
  }
}
