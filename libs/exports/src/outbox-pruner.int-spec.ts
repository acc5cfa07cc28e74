import { randomUUID } from 'node:crypto';
import { AuditTrail } from '@ledgerbridge/audit';
import { ExportOutboxEntity } from '@ledgerbridge/persistence';
import type { DataSource } from 'typeorm';
import { DEFAULT_EXPORT_WORKER_OPTIONS } from './export-worker-options';
import { OutboxPruner } from './outbox-pruner';
import { companyWithTransactions, databaseName, exportIn, migratedDatabase } from './test-support/ledger-db';
import { withStatements } from './test-support/statement-cost';

const HOUR = 60 * 60_000;

describe(`outbox pruner on ${databaseName}`, () => {
  let db: Awaited<ReturnType<typeof migratedDatabase>>;
  let ds: DataSource;
  let pruner: OutboxPruner;
  const now = new Date('2026-12-04T12:00:00.000Z');

  beforeAll(async () => {
    db = await migratedDatabase();
    ds = db.ds;
    pruner = new OutboxPruner(ds, new AuditTrail(ds), { ...DEFAULT_EXPORT_WORKER_OPTIONS, sweepIntervalMs: 0 });
  });
  afterAll(() => db.close());

  /** An outbox row for each of `count` new exports of one company, written and relayed at the given ages. */
  async function outboxRows(count: number, writtenHoursAgo: number, relayedHoursAgo: number | null) {
    const { companyId, transactionIds } = await companyWithTransactions(ds, count);
    const rows: Partial<ExportOutboxEntity>[] = [];
    for (const transactionId of transactionIds) {
      rows.push({
        id: randomUUID(),
        exportId: await exportIn(ds, companyId, transactionId, 'exported'),
        companyId,
        jobKind: 'export.run',
        createdAt: new Date(now.getTime() - writtenHoursAgo * HOUR),
        relayedAt: relayedHoursAgo === null ? null : new Date(now.getTime() - relayedHoursAgo * HOUR),
      });
    }
    for (let i = 0; i < rows.length; i += 100)
      await ds.getRepository(ExportOutboxEntity).insert(rows.slice(i, i + 100));
    return rows.map((r) => r.id!);
  }
  const remaining = async (ids: string[]) =>
    (await ds.getRepository(ExportOutboxEntity).find({ select: { id: true } }))
      .map((r) => r.id)
      .filter((id) => ids.includes(id));

  it('deletes the rows relayed more than a day ago, never a waiting one however old, nor a recently relayed one', async () => {
    const old = await outboxRows(3, 50, 49);
    const recent = await outboxRows(2, 30, 23);
    const waiting = await outboxRows(2, 72, null);
    expect(await pruner.pruneOnce(now)).toBe(3);
    expect(await remaining([...old, ...recent, ...waiting])).toEqual(expect.arrayContaining([...recent, ...waiting]));
    expect(await remaining(old)).toEqual([]);
    expect(await pruner.pruneOnce(now)).toBe(0);
  });

  it('deletes a long outage’s backlog a thousand rows a statement within one pass', async () => {
    const old = await outboxRows(2_500, 100, 99);
    const [deleted, statements] = await withStatements(ds, () => pruner.pruneOnce(now));
    expect(deleted).toBe(2_500);
    expect(statements.filter((s) => /^DELETE FROM/i.test(s.query.trim()))).toHaveLength(3);
    expect(await remaining(old)).toEqual([]);
  }, 60_000);
});
