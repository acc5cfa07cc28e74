import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ExportEntity, ExportOutboxEntity } from '@ledgerbridge/persistence';
import { JobQueue } from '@ledgerbridge/queue';
import { DataSource, In } from 'typeorm';
import { EXPORT_WORKER_OPTIONS, type ExportWorkerOptions } from './export-worker-options';
import { PeriodicPass } from './periodic-pass';

/** How long a relay holds the rows it took before another relay may take them (it crashed mid-pass). */
const CLAIM_MS = 30_000;

/**
 * Turns outbox rows into `export.run` jobs on Bull, then marks them relayed: a row is only marked once Redis took
 * the job, so nothing is lost between the database and Redis (a job added twice collapses on its id).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly passes = new PeriodicPass(this.logger, 'The outbox relay pass');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    @Inject(EXPORT_WORKER_OPTIONS) private readonly options: ExportWorkerOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.passes.start(this.options.relayIntervalMs, () => this.relayOnce());
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.passes.stop();
  }

  /** One pass: takes up to a batch of unrelayed rows, enqueues their jobs, marks them relayed. Answers how many. */
  async relayOnce(): Promise<number> {
    const taken = await this.take(this.options.relayBatchSize);
    if (taken.length === 0) return 0;
    const exports = await this.dataSource.getRepository(ExportEntity).find({
      select: { id: true, companyId: true },
      where: { id: In([...new Set(taken.map((t) => t.exportId))]) },
    });
    const companyOf = new Map(exports.map((e) => [e.id, e.companyId]));
    let relayed = 0;
    for (const row of taken) {
      const companyId = companyOf.get(row.exportId);
      // The export is gone with its company: nothing to wake; the row went with it through the foreign key.
      if (!companyId) continue;
      await this.queue.enqueue(
        'export.run',
        { companyId, exportId: row.exportId },
        { jobId: row.exportId, removeWhenDone: true },
      );
      await this.dataSource
        .createQueryBuilder()
        .update(ExportOutboxEntity)
        .set({ relayedAt: new Date(), relayOwner: null, relayUntil: null })
        .where('id = :id AND relay_owner = :owner', { id: row.id, owner: this.owner })
        .execute();
      relayed++;
    }
    return relayed;
  }

  /** Claims rows with a guarded update: on PostgreSQL in one statement skipping rows another relay has locked. */
  private async take(limit: number): Promise<{ id: string; exportId: string }[]> {
    const now = new Date();
    const until = new Date(now.getTime() + CLAIM_MS);
    if (this.dataSource.options.type === 'postgres') {
      const result = (await this.dataSource.query(
        `UPDATE export_outbox SET relay_owner = $1, relay_until = $2, attempts = attempts + 1
         WHERE id IN (SELECT id FROM export_outbox WHERE relayed_at IS NULL AND (relay_until IS NULL OR relay_until < $3)
                      ORDER BY created_at LIMIT $4 FOR UPDATE SKIP LOCKED)
         RETURNING id, export_id`,
        [this.owner, until, now, limit],
      )) as [{ id: string; export_id: string }[], number];
      return result[0].map((r) => ({ id: r.id, exportId: r.export_id }));
    }
    const candidates = await this.dataSource
      .getRepository(ExportOutboxEntity)
      .createQueryBuilder('o')
      .select(['o.id', 'o.exportId'])
      .where('o.relayed_at IS NULL AND (o.relay_until IS NULL OR o.relay_until < :now)', { now })
      .orderBy('o.created_at', 'ASC')
      .limit(limit)
      .getMany();
    const taken: { id: string; exportId: string }[] = [];
    for (const c of candidates) {
      const { affected } = await this.dataSource
        .createQueryBuilder()
        .update(ExportOutboxEntity)
        .set({ relayOwner: this.owner, relayUntil: until, attempts: () => 'attempts + 1' })
        .where('id = :id AND relayed_at IS NULL AND (relay_until IS NULL OR relay_until < :now)', { id: c.id, now })
        .execute();
      if (affected === 1) taken.push({ id: c.id, exportId: c.exportId });
    }
    return taken;
  }
}
