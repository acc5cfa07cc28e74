import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { AuditTrail } from '@ledgerbridge/audit';
import { ExportEntity, ExportOutboxEntity } from '@ledgerbridge/persistence';
import { standaloneQueue, type StandaloneQueue } from '@ledgerbridge/queue';
import type { DataSource } from 'typeorm';
import { exportIdOf } from './export-id';
import { ExportLedger } from './export-ledger';
import { ExportSweeper } from './export-sweeper';
import { DEFAULT_EXPORT_WORKER_OPTIONS } from './export-worker-options';
import { companyWithTransactions, databaseUrl, migratedDatabase } from './test-support/ledger-db';
import { rowsTouched, withStatements } from './test-support/statement-cost';

// PostgreSQL plans from statistics; SQLite (no ANALYZE run) has none to go stale.
const onPostgres = databaseUrl ? describe : describe.skip;

/**
 * A company's `total` exports under the statistics of a quiet day (everything exported, every outbox row relayed),
 * then a burst the planner has not seen (autovacuum kept from analyzing it): all queued, every other one's outbox
 * row still waiting.
 */
async function burstAfterQuietDay(ds: DataSource, total: number) {
  const { companyId, transactionIds } = await companyWithTransactions(ds, total);
  const transactionOf = new Map(transactionIds.map((t) => [exportIdOf(companyId, t, 1, 'dinero'), t]));
  const ids = [...transactionOf.keys()].sort();
  for (let i = 0; i < total; i += 100) {
    const chunk = ids.slice(i, i + 100);
    await ds.getRepository(ExportEntity).insert(
      chunk.map((id) => ({
        id,
        companyId,
        transactionId: transactionOf.get(id)!,
        transactionVersion: 1,
        providerKey: 'dinero',
        state: 'exported' as const,
      })),
    );
    await ds.getRepository(ExportOutboxEntity).insert(
      chunk.map((exportId) => ({
        id: randomUUID(),
        exportId,
        companyId,
        jobKind: 'export.run',
        relayedAt: new Date(),
      })),
    );
  }
  for (const table of ['exports', 'export_outbox']) {
    await ds.query(`ANALYZE ${table}`);
    await ds.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
  }
  await ds.getRepository(ExportEntity).update({ companyId }, { state: 'queued' });
  const waiting = ids.filter((_, i) => i % 2 === 0);
  await ds
    .createQueryBuilder()
    .update(ExportOutboxEntity)
    .set({ relayedAt: null })
    .where('export_id IN (:...waiting)', { waiting })
    .execute();
  return { companyId, ids, waiting };
}

onPostgres('exports on PostgreSQL with statistics taken on a quiet day, during a burst', () => {
  let db: Awaited<ReturnType<typeof migratedDatabase>>;
  let ds: DataSource;
  let queue: StandaloneQueue;
  beforeAll(async () => {
    // The sweeper logs each job it puts back: thousands here.
    Logger.overrideLogger(['error', 'warn']);
    const url = process.env['REDIS_URL'];
    if (!url) throw new Error('REDIS_URL is not set: npm test starts a private Redis and sets it.');
    queue = standaloneQueue(url, `stale-statistics-${process.pid}-${Date.now()}`);
  });
  afterAll(() => queue.close());
  // Each test's statistics are its own quiet day: a database of its own.
  beforeEach(async () => {
    db = await migratedDatabase();
    ds = db.ds;
  });
  afterEach(() => db.close());

  it('the sweeper reads each pending export and waiting outbox row a bounded number of times, not once per pair', async () => {
    const total = 10_000;
    const { ids, waiting } = await burstAfterQuietDay(ds, total);
    const options = { ...DEFAULT_EXPORT_WORKER_OPTIONS, sweepIntervalMs: 0, sweepBatchSize: 500 };
    const [restored, statements] = await withStatements(ds, () =>
      new ExportSweeper(ds, queue.jobs, options).sweepOnce(),
    );

    // What it did: a job for each pending export whose outbox row was relayed, none for those the relay still holds.
    const waitingSet = new Set(waiting);
    expect(restored).toBe(total - waiting.length);
    expect(new Set(await queue.jobIds())).toEqual(new Set(ids.filter((id) => !waitingSet.has(id))));

    // What it cost, in rows PostgreSQL's own executor counts for the same statements under the same statistics.
    // A nested loop over every waiting row for each pending export touches ~total²/2 rows; pages that each read
    // and sort every pending export, ~20 × total (20 pages of 500). Each row a few times is the bound.
    let touched = 0;
    for (const statement of statements.filter((s) => /^\s*SELECT/i.test(s.query)))
      touched += await rowsTouched(ds, statement);
    expect(statements.length).toBeGreaterThan(total / 500);
    expect(touched).toBeLessThan(4 * total);
  }, 60_000);

  it("the ledger's claim, lease mark and finish each find their export by its key, not through the company's queue", async () => {
    const total = 800;
    const { companyId, ids } = await burstAfterQuietDay(ds, total);
    const ledger = new ExportLedger(ds, new AuditTrail(ds));
    const id = ids[total - 1]!;
    // As a worker claims: with the row it read just before, whose state and attempts the claim then expects.
    const seen = await ds.getRepository(ExportEntity).findOneByOrFail({ id });
    const [moved, statements] = await withStatements(ds, async () => {
      const claim = await ledger.claim(id, companyId, 'worker-a', 60_000, seen);
      if (!claim.ok) throw new Error(`claim failed: ${claim.reason}`);
      const marked = await ledger.setUnderLease([id], companyId, 'worker-a', 60_000, { createSentAt: new Date() });
      const change = { providerId: 'guid-1', leaseOwner: 'worker-a' };
      return marked.has(id) && (await ledger.finishLeased(claim.export, 'exported', change, 'system'));
    });
    expect(moved).toBe(true);
    expect(await ds.getRepository(ExportEntity).findOneByOrFail({ id })).toMatchObject({ state: 'exported' });

    // Each guarded UPDATE again, rolled back: the row by its key, not the company's 800 queued ones filtered.
    const updates = statements.filter((s) => /^\s*UPDATE "exports"/i.test(s.query));
    expect(updates).toHaveLength(3);
    for (const statement of updates) expect(await rowsTouched(ds, statement)).toBeLessThanOrEqual(2);
  });
});
