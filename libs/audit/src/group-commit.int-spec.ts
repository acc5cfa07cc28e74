import { CompanyEntity } from '@ledgerbridge/persistence';
import type { EntityManager } from 'typeorm';
import { parseCanonicalJson } from './canonical-json';
import { GROUP_TIME_MS } from './group-commit';
import { useAuditTestDb } from './test-support/audit-test-db';

// Group commit through the audit trail, on SQLite, and on PostgreSQL when DATABASE_URL is set.
describe(`group commit on ${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'SQLite'}`, () => {
  const db = useAuditTestDb();

  it('commits transactions that wait for their lane together: one commit for a group, a failing work alone rolled back', async () => {
    const a = await db.company();
    const commits = jest.spyOn(db.ds, 'transaction');
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          db.trail.transaction(a, async (tx) => {
            await tx.getRepository(CompanyEntity).update({ id: a }, { name: `renamed ${i}` });
            await db.trail.record(
              { companyId: a, actor: 'system', action: 'test.grouped', subjectType: 'test', after: { i } },
              tx,
            );
            if (i === 7) throw new Error('work 7 fails');
            return i;
          }),
        ),
      );
      // Submitted in one tick: one database transaction carries all twelve (well within GROUP_TIME_MS).
      expect(commits).toHaveBeenCalledTimes(1);
      expect(results[7]).toEqual({ status: 'rejected', reason: new Error('work 7 fails') });
      expect(
        results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<number>).value),
      ).toEqual(Array.from({ length: 12 }, (_, i) => i).filter((i) => i !== 7));
      // Work 7's entry went with its savepoint; the others' chain is whole and each saw the one before.
      const { items } = await db.trail.list({ companyId: a, page: 1, pageSize: 50 });
      expect(
        items
          .map((e) => parseCanonicalJson(e.after!) as { i: number })
          .map((x) => x.i)
          .reverse(),
      ).toEqual(Array.from({ length: 12 }, (_, i) => i).filter((i) => i !== 7));
      expect(await db.verifier.verifyCompany(a)).toEqual({ chain: a, valid: true, entriesChecked: 11 });
      expect((await db.ds.getRepository(CompanyEntity).findOneByOrFail({ id: a })).name).toBe('renamed 11');

      // A long queue is split: at most 200 works share a commit (fewer when a group reaches GROUP_TIME_MS).
      commits.mockClear();
      await Promise.all(
        Array.from({ length: 450 }, (_, i) =>
          db.trail.transaction(a, (tx) =>
            db.trail.record(
              { companyId: a, actor: 'system', action: 'test.many', subjectType: 'test', after: { i } },
              tx,
            ),
          ),
        ),
      );
      expect(commits.mock.calls.length).toBeGreaterThanOrEqual(3);
      expect(await db.verifier.verifyCompany(a)).toEqual({ chain: a, valid: true, entriesChecked: 461 });
    } finally {
      commits.mockRestore();
    }
  });

  it('gathers the works of one event-loop turn into one commit, as answers that arrive together submit them', async () => {
    const a = await db.company();
    const commits = jest.spyOn(db.ds, 'transaction');
    try {
      // Each callback is a macrotask of its own (like the I/O callbacks of provider answers read in one poll):
      // the idle lane waits for the turn to end before its group starts, so all four share it.
      const done = await Promise.all(
        Array.from(
          { length: 4 },
          (_, i) =>
            new Promise<number>((resolve, reject) =>
              setImmediate(() => {
                db.trail
                  .transaction(a, async (tx) => {
                    await db.trail.record(
                      { companyId: a, actor: 'system', action: 'test.turn', subjectType: 'test', after: { i } },
                      tx,
                    );
                    return i;
                  })
                  .then(resolve, reject);
              }),
            ),
        ),
      );
      expect(done).toEqual([0, 1, 2, 3]);
      expect(commits).toHaveBeenCalledTimes(1);
      expect(await db.verifier.verifyCompany(a)).toEqual({ chain: a, valid: true, entriesChecked: 4 });
    } finally {
      commits.mockRestore();
    }
  });

  it('commits a group once it has run GROUP_TIME_MS: a long work is not held back by the works queued after it', async () => {
    const a = await db.company();
    const commits = jest.spyOn(db.ds, 'transaction');
    const committedAt: Record<string, number> = {};
    const record = (what: string) => (tx: EntityManager) =>
      db.trail.record({ companyId: a, actor: 'system', action: `test.${what}`, subjectType: 'test' }, tx);
    try {
      const long = db.trail.transaction(a, async (tx) => {
        await record('long')(tx);
        await new Promise((r) => setTimeout(r, GROUP_TIME_MS + 20));
      });
      const short = Array.from({ length: 5 }, (_, i) => db.trail.transaction(a, record(`short-${i}`)));
      await Promise.all([
        long.then(() => (committedAt['long'] = Date.now())),
        ...short.map((p) => p.then(() => (committedAt['short'] ??= Date.now()))),
      ]);
      // The long work committed alone; the five after it shared the next commit, in the order they were submitted.
      expect(commits).toHaveBeenCalledTimes(2);
      expect(committedAt['long']).toBeLessThanOrEqual(committedAt['short']!);
      const { items } = await db.trail.list({ companyId: a, page: 1, pageSize: 10 });
      expect(items.map((e) => e.action).reverse()).toEqual([
        'test.long',
        ...Array.from({ length: 5 }, (_, i) => `test.short-${i}`),
      ]);
      expect(await db.verifier.verifyCompany(a)).toEqual({ chain: a, valid: true, entriesChecked: 6 });
    } finally {
      commits.mockRestore();
    }
  });
});
