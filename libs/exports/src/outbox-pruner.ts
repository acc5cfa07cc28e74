import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditTrail } from '@ledgerbridge/audit';
import { ExportOutboxEntity } from '@ledgerbridge/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { EXPORT_WORKER_OPTIONS, type ExportWorkerOptions } from './export-worker-options';
import { PeriodicPass } from './periodic-pass';

/** Rows one statement deletes: short transactions, within any driver's bound. */
const CHUNK = 1_000;
/** Statements one pass runs at most (20,000 rows; the next pass goes on): a pass stays short after a long outage. */
const CHUNKS_PER_PASS = 20;

/**
 * Deletes outbox rows relayed longer ago than `outboxRetentionMs`, on the sweeper's interval: once Bull took its job
 * a row only says when that was, and without this the outbox grows by a row for every export ever requested. Rows
 * still waiting are never touched, however old (the relay's). Oldest relayed first, through
 * IDX_export_outbox_pending (relayed_at, created_at).
 */
@Injectable()
export class OutboxPruner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxPruner.name);
  private readonly passes = new PeriodicPass(this.logger, 'The outbox prune');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    @Inject(EXPORT_WORKER_OPTIONS) private readonly options: ExportWorkerOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.passes.start(this.options.sweepIntervalMs, () => this.pruneOnce());
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.passes.stop();
  }

  /** One pass; answers how many rows it deleted. */
  async pruneOnce(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.options.outboxRetentionMs);
    let deleted = 0;
    for (let i = 0; i < CHUNKS_PER_PASS; i++) {
      const n = await this.write((m) => this.deleteChunk(m, before));
      deleted += n;
      if (n < CHUNK) break;
    }
    if (deleted > 0) this.logger.log(`Deleted ${deleted} outbox rows relayed before ${before.toISOString()}.`);
    return deleted;
  }

  private async deleteChunk(m: EntityManager, before: Date): Promise<number> {
    const oldest = m
      .createQueryBuilder()
      .subQuery()
      .select('o.id')
      .from(ExportOutboxEntity, 'o')
      .where('o.relayed_at IS NOT NULL AND o.relayed_at < :before')
      .orderBy('o.relayed_at')
      .limit(CHUNK)
      .getQuery();
    const { affected } = await m
      .createQueryBuilder()
      .delete()
      .from(ExportOutboxEntity)
      .where(`id IN ${oldest}`, { before })
      .execute();
    return affected ?? 0;
  }

  /** SQLite: through the process's write lane, as the relay's writes (see OutboxRelay.write). */
  private write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type === 'postgres') return work(this.dataSource.manager);
    return this.audit.transaction(null, work);
  }
}
