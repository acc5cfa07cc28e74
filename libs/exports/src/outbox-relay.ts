import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditTrail } from '@ledgerbridge/audit';
import { ExportEntity, ExportOutboxEntity } from '@ledgerbridge/persistence';
import { JobQueue, WakeSignal } from '@ledgerbridge/queue';
import { DataSource, EntityManager, In } from 'typeorm';
import { EXPORT_WORKER_OPTIONS, type ExportWorkerOptions } from './export-worker-options';
import {
  oldestRows,
  roundRobinShares,
  turnInCompany,
  waitingCompanies,
  withinCap,
  type RankedRow,
  type WaitingCompany,
} from './outbox-turns';
import { OUTBOX_WAKE } from './outbox-writes';
import { PeriodicPass } from './periodic-pass';

/** A row the pass took, with its job's priority (its turn in its company). */
interface TakenRow extends RankedRow {
  priority: number;
}

/** Full passes one timer tick may run back to back before it lets the next tick come (bounds a tick's work). */
const PASSES_PER_TICK = 10;

/**
 * After a pass whose rows were all held back by their company's cap, the timer's passes pause this long (a request's
 * nudge still runs one at once), instead of four passes a second that find nothing to move for as long as a capped
 * backlog lasts (each one the counts by company, ~1.4 ms on SQLite behind a 10,000-row backlog; it was ~23 ms while a
 * pass ranked every waiting row). A capped company's next rows follow its finished ones up to this late.
 */
const HELD_BACK_PAUSE_MS = 1_000;

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
  private passCount = 0;
  private readonly passes = new PeriodicPass(this.logger, 'The outbox relay pass');
  private unlisten: (() => void) | undefined;
  /** Until when the timer's passes pause: the last pass found only rows held back by their company's cap. */
  private heldBackUntil = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly queue: JobQueue,
    @Inject(EXPORT_WORKER_OPTIONS) private readonly options: ExportWorkerOptions,
    @Optional() private readonly wake?: WakeSignal,
  ) {}

  /**
   * The timer's passes, and a pass at once when a request nudges (OUTBOX_WAKE): a request's exports reach Bull in
   * milliseconds instead of at the next tick; a lost nudge costs only that wait.
   */
  async onApplicationBootstrap(): Promise<void> {
    this.passes.start(this.options.relayIntervalMs, () => this.timerPass());
    if (this.options.relayIntervalMs > 0 && this.wake) {
      this.unlisten = await this.wake
        .listen(OUTBOX_WAKE, () => this.nudged())
        .catch((err: unknown) => {
          this.logger.warn(`Relay wake-ups are off, the timer relays alone: ${String(err)}`);
          return undefined;
        });
    }
  }

  /** The timer's tick: passes, unless paused because the last pass found only rows held back by their cap. */
  async timerPass(): Promise<number> {
    if (Date.now() < this.heldBackUntil) return 0;
    return this.relayPending();
  }

  /** A request's nudge: a pass at once, paused or not. */
  nudged(): void {
    this.heldBackUntil = 0;
    this.passes.runNow();
  }

  beforeApplicationShutdown(): Promise<void> {
    this.unlisten?.();
    return this.passes.stop();
  }

  /**
   * One tick of the timer: passes until one takes less than a full batch (at most PASSES_PER_TICK), so a request for
   * 1,000 exports reaches Bull in one tick instead of one batch per tick (the last of them 1.25 s later).
   */
  async relayPending(): Promise<number> {
    let relayed = 0;
    for (let pass = 0; pass < PASSES_PER_TICK; pass++) {
      const taken = await this.relayOnce();
      relayed += taken;
      if (taken < this.options.relayBatchSize) break;
    }
    return relayed;
  }

  /** One pass: takes up to a batch of unrelayed rows, enqueues their jobs, marks them relayed. Answers how many. */
  async relayOnce(): Promise<number> {
    // Each pass its own owner: the rows it holds afterwards are exactly the ones it took.
    const owner = `${this.owner}:${++this.passCount}`;
    const taken = await this.take(this.options.relayBatchSize, owner);
    if (taken.length === 0) return 0;
    const exports = await this.dataSource.getRepository(ExportEntity).find({
      select: { id: true, state: true, leaseExpiresAt: true },
      where: { id: In([...new Set(taken.map((t) => t.exportId))]) },
    });
    const now = Date.now();
    const found = new Set(exports.map((e) => e.id));
    // An export a journal batch has already claimed (or one settled meanwhile) needs no job of its own: its job would
    // find nothing to do. Its row is marked relayed all the same; a lease that expires is the sweeper's to wake.
    const claimable = new Set(
      exports
        .filter((e) => e.state === 'queued' || (e.state === 'sending' && (e.leaseExpiresAt?.getTime() ?? 0) < now))
        .map((e) => e.id),
    );
    // The jobs in one round trip to Redis, then the rows Redis took (and those needing none) marked in one statement.
    const wake = taken.filter((row) => claimable.has(row.exportId));
    const noJob = taken.filter((row) => found.has(row.exportId) && !claimable.has(row.exportId));
    const added = await this.queue.enqueueMany(
      'export.run',
      wake.map((row) => ({
        payload: { companyId: row.companyId, exportId: row.exportId },
        options: { jobId: row.exportId, removeWhenDone: true, priority: row.priority },
      })),
    );
    // A row whose export is gone went with its company (a foreign key); one Redis did not take is taken again later.
    const relayed = [...wake.filter((_, i) => added[i]), ...noJob].map((row) => row.id);
    await this.write(async (m) => {
      for (let i = 0; i < relayed.length; i += 500)
        await m
          .createQueryBuilder()
          .update(ExportOutboxEntity)
          .set({ relayedAt: new Date(), relayOwner: null, relayUntil: null })
          .where('id IN (:...ids) AND relay_owner = :owner', { ids: relayed.slice(i, i + 500), owner })
          .execute();
    });
    return relayed.length;
  }

  /** Each company's exports in `queued` (those in Bull and those still in the outbox), for turnInCompany. */
  private async queuedCounts(companyIds: string[]): Promise<Map<string, number>> {
    if (companyIds.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(ExportEntity)
      .createQueryBuilder('e')
      .select('e.company_id', 'companyId')
      .addSelect('COUNT(*)', 'queued')
      .where("e.state = 'queued' AND e.company_id IN (:...companyIds)", { companyIds })
      .groupBy('e.company_id')
      .getRawMany<{ companyId: string; queued: string | number }>();
    return new Map(rows.map((r) => [r.companyId, Number(r.queued)]));
  }

  /**
   * Takes the waiting rows round-robin across companies (each company's oldest first), so one big backlog does not
   * hold back another company's export in the outbox; only those within their company's cap of jobs in Bull; claims
   * them with a guarded update (on PostgreSQL skipping rows another relay has locked). Reads each company's count,
   * then just the rows the pass takes, from the outbox's index by company: no ranking of a whole backlog.
   */
  private async take(limit: number, owner: string): Promise<TakenRow[]> {
    const now = new Date();
    const waiting = await waitingCompanies(this.dataSource, now);
    if (waiting.length === 0) return [];
    const queued = await this.queuedCounts(waiting.map((w) => w.companyId));
    const cap = this.options.relayCompanyCap;
    const companies = new Map<string, WaitingCompany>(
      waiting.map((w) => [w.companyId, { ...w, within: withinCap(w.waiting, queued.get(w.companyId) ?? 0, cap) }]),
    );
    const shares = roundRobinShares([...companies.values()], limit);
    if (shares.size === 0) {
      this.heldBackUntil = Date.now() + HELD_BACK_PAUSE_MS;
      return [];
    }
    const within = (await oldestRows(this.dataSource, now, companies, shares)).map((r) => ({
      ...r,
      priority: turnInCompany(r, queued.get(r.companyId) ?? 0),
    }));
    if (within.length === 0) return [];
    const mine = await this.claim(
      within.map((r) => r.id),
      owner,
      now,
    );
    return within.filter((r) => mine.has(r.id));
  }

  /** One guarded update for all: rows another relay took meanwhile are skipped; this pass's own owner tells which. */
  private async claim(ids: string[], owner: string, now: Date): Promise<Set<string>> {
    const until = new Date(now.getTime() + CLAIM_MS);
    if (this.dataSource.options.type === 'postgres') {
      const result = (await this.dataSource.query(
        `UPDATE export_outbox SET relay_owner = $1, relay_until = $2, attempts = attempts + 1
         WHERE id IN (SELECT id FROM export_outbox
                      WHERE id = ANY($3) AND relayed_at IS NULL AND (relay_until IS NULL OR relay_until < $4)
                      FOR UPDATE SKIP LOCKED)
         RETURNING id`,
        [owner, until, ids, now],
      )) as [{ id: string }[], number];
      return new Set(result[0].map((r) => r.id));
    }
    return this.write(async (m) => {
      await m
        .createQueryBuilder()
        .update(ExportOutboxEntity)
        .set({ relayOwner: owner, relayUntil: until, attempts: () => 'attempts + 1' })
        .where('id IN (:...ids) AND relayed_at IS NULL AND (relay_until IS NULL OR relay_until < :now)', { ids, now })
        .execute();
      const rows = await m
        .getRepository(ExportOutboxEntity)
        .find({ select: { id: true }, where: { id: In(ids), relayOwner: owner } });
      return new Set(rows.map((row) => row.id));
    });
  }

  /**
   * SQLite: the relay's writes go through the process's write lane (the audit trail's), where the write lock is
   * waited for without freezing the process; an UPDATE of its own would wait for another process's lock inside the
   * driver, holding up every job of this worker meanwhile. PostgreSQL: a plain statement (row locks, no lane).
   */
  private write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type === 'postgres') return work(this.dataSource.manager);
    return this.audit.transaction(null, work);
  }
}
