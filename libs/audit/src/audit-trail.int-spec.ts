import Database from 'better-sqlite3';
import { AuditEntryEntity, createDataSource, dataSourceOptions } from '@ledgerbridge/persistence';
import type { DataSource } from 'typeorm';
import { parseCanonicalJson } from './canonical-json';
import { AuditTrail } from './audit-trail';
import { AuditVerifier } from './audit-verifier';
import { useAuditTestDb } from './test-support/audit-test-db';

// On SQLite, and on PostgreSQL when DATABASE_URL is set.
describe(`audit trail on ${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'SQLite'}`, () => {
  const db = useAuditTestDb();
  let ds: DataSource;
  let trail: AuditTrail;
  let verifier: AuditVerifier;
  const company = () => db.company();
  beforeAll(() => ({ ds, trail, verifier } = db));

  const recordMany = async (companyId: string, count: number) => {
    for (let i = 0; i < count; i++) {
      await trail.record({
        companyId,
        actor: 'key:k1',
        action: 'company.updated',
        subjectType: 'company',
        subjectId: companyId,
        before: { name: `n${i}` },
        after: { name: `n${i + 1}` },
      });
    }
  };

  it('chains entries per company and verifies them', async () => {
    const a = await company();
    const b = await company();
    await recordMany(a, 5);
    await recordMany(b, 2);
    expect(await verifier.verifyCompany(a)).toEqual({ chain: a, valid: true, entriesChecked: 5 });
    expect(await verifier.verifyCompany(b)).toEqual({ chain: b, valid: true, entriesChecked: 2 });
  });

  it('appends a batch of entries in one transaction, chained after the ones before and verifiable', async () => {
    const a = await company();
    await recordMany(a, 2);
    const event = (i: number) => ({
      companyId: a,
      actor: 'system',
      action: 'export.exported',
      subjectType: 'export',
      subjectId: `e${i}`,
      after: { state: 'exported', i },
    });
    const appended = await trail.transaction(a, (tx) => trail.recordMany([0, 1, 2].map(event), tx));
    expect(appended.map((e) => e.seq)).toEqual([3, 4, 5]);
    await recordMany(a, 1);
    expect(await verifier.verifyCompany(a)).toEqual({ chain: a, valid: true, entriesChecked: 6 });
    const b = await company();
    await expect(
      trail.transaction(a, (tx) => trail.recordMany([event(0), { ...event(1), companyId: b }], tx)),
    ).rejects.toThrow('one chain');
  });

  it('holds the write lock from the start of a transaction on SQLite, so a read-then-write never fails on a snapshot', async () => {
    if (ds.options.type !== 'better-sqlite3') return; // PostgreSQL: row locks and the seq's unique key decide
    const a = await company();
    // Another process's connection that does not wait for the lock.
    const other = new Database(ds.options.database as string);
    other.pragma('busy_timeout = 0');
    try {
      const refused = await trail.transaction(a, async (tx) => {
        await tx.query('SELECT COUNT(*) FROM companies'); // only a read so far
        try {
          other.prepare('UPDATE companies SET name = name WHERE id = ?').run(a);
          return false;
        } catch (err) {
          return /locked|busy/i.test((err as Error).message);
        }
      });
      expect(refused).toBe(true);
      other.prepare('UPDATE companies SET name = name WHERE id = ?').run(a); // free again afterwards
    } finally {
      other.close();
    }
  });

  it("waits for another process's write lock without freezing its own process (SQLite)", async () => {
    if (ds.options.type !== 'better-sqlite3') return; // PostgreSQL waits in its own server, never in this process
    const a = await company();
    // Another process holds the write lock for 400 ms.
    const other = new Database(ds.options.database as string);
    other.exec('BEGIN IMMEDIATE');
    const release = setTimeout(() => other.exec('COMMIT'), 400);
    // How long the event loop stood still at most while the transaction waited for the lock.
    let last = Date.now();
    let stalled = 0;
    const ticks = setInterval(() => {
      stalled = Math.max(stalled, Date.now() - last);
      last = Date.now();
    }, 5);
    try {
      const started = Date.now();
      const entry = await trail.transaction(a, (tx) =>
        trail.record({ companyId: a, actor: 'system', action: 'company.updated', subjectType: 'company' }, tx),
      );
      expect(entry.seq).toBe(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(380); // it did wait for the other's commit
      // A wait inside the driver (busy_timeout) would stop every timer of the process for as long as it lasts.
      expect(stalled).toBeLessThan(60);
    } finally {
      clearInterval(ticks);
      clearTimeout(release);
      if (other.inTransaction) other.exec('COMMIT');
      other.close();
    }
  });

  it('detects an altered row, naming the first entry that no longer holds', async () => {
    const a = await company();
    await recordMany(a, 4);
    await ds.query(`UPDATE audit_entries SET after = '{"name":"forged"}' WHERE chain = '${a}' AND seq = 3`);
    const verdict = await verifier.verifyCompany(a);
    expect(verdict.valid).toBe(false);
    expect(verdict.entriesChecked).toBe(2);
    expect(verdict.brokenAt).toMatchObject({ seq: 3, reason: expect.stringContaining('altered') });
  });

  it('detects a removed row', async () => {
    const a = await company();
    await recordMany(a, 4);
    await ds.query(`DELETE FROM audit_entries WHERE chain = '${a}' AND seq = 2`);
    expect((await verifier.verifyCompany(a)).brokenAt).toMatchObject({
      seq: 2,
      reason: expect.stringContaining('missing'),
    });
  });

  it('detects a row whose hash was recomputed after an edit, by the broken link to the next entry', async () => {
    const a = await company();
    await recordMany(a, 3);
    const repo = ds.getRepository(AuditEntryEntity);
    const second = await repo.findOneByOrFail({ chain: a, seq: 2 });
    await repo.update({ id: second.id }, { actor: 'key:intruder', hash: 'f'.repeat(64) });
    const verdict = await verifier.verifyCompany(a);
    expect(verdict.brokenAt?.seq).toBe(2);
  });

  it('keeps the chain whole under concurrent writers', async () => {
    const a = await company();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        trail.record({
          companyId: a,
          actor: 'system',
          action: 'sync.finished',
          subjectType: 'connection',
          after: { i },
        }),
      ),
    );
    expect(await verifier.verifyCompany(a)).toEqual({ chain: a, valid: true, entriesChecked: 12 });
  });

  it('keeps the chain whole when two processes write one company at once, retrying the whole transaction', async () => {
    const a = await company();
    // A second DataSource and AuditTrail stand for another process: no shared in-process lock, only the database.
    const other = createDataSource(
      dataSourceOptions({ databaseUrl: process.env['DATABASE_URL'] || undefined, dataDir: db.dataDir }),
    );
    await other.initialize();
    const trails = [trail, new AuditTrail(other)];
    const changed: string[] = [];
    try {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          trails[i % 2].transaction(a, async (tx) => {
            changed.push(`change ${i}`);
            await trails[i % 2].record(
              { companyId: a, actor: 'system', action: 'test.changed', subjectType: 'test', after: { i } },
              tx,
            );
          }),
        ),
      );
    } finally {
      await other.destroy();
    }
    expect(await verifier.verifyCompany(a)).toEqual({ chain: a, valid: true, entriesChecked: 10 });
    expect(new Set(changed).size).toBe(10);
  });

  it('runs transactions of different companies at once in one process, each committing or rolling back alone', async () => {
    const [a, b] = [await company(), await company()];
    const record = (companyId: string, i: number, tx: Parameters<Parameters<AuditTrail['transaction']>[1]>[0]) =>
      trail.record({ companyId, actor: 'system', action: 'test.changed', subjectType: 'test', after: { i } }, tx);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        trail.transaction(i % 2 ? a : b, async (tx) => {
          await record(i % 2 ? a : b, i, tx);
          await new Promise((r) => setTimeout(r, 5));
          if (i === 3) throw new Error('this one fails');
          await record(i % 2 ? a : b, i, tx);
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(await verifier.verifyCompany(a)).toEqual({ chain: a, valid: true, entriesChecked: 6 });
    expect(await verifier.verifyCompany(b)).toEqual({ chain: b, valid: true, entriesChecked: 8 });
  });

  it('rolls the change back with its entry when the work fails, and never retries other errors', async () => {
    const a = await company();
    let runs = 0;
    await expect(
      trail.transaction(a, async (tx) => {
        runs += 1;
        await trail.record({ companyId: a, actor: 'system', action: 'test.failed', subjectType: 'test' }, tx);
        throw new Error('the change itself failed');
      }),
    ).rejects.toThrow('the change itself failed');
    expect(runs).toBe(1);
    expect((await trail.list({ companyId: a, page: 1, pageSize: 10 })).total).toBe(0);
  });

  it('never stores a secret, at any depth', async () => {
    const a = await company();
    const entry = await trail.record({
      companyId: a,
      actor: 'key:k1',
      action: 'connection.created',
      subjectType: 'connection',
      after: {
        organizationId: '12345',
        credentials: { apiKey: 'top-secret' },
        nested: [{ refreshToken: 'rt-secret' }],
      },
    });
    const stored = await ds.getRepository(AuditEntryEntity).findOneByOrFail({ id: entry.id });
    expect(stored.after).not.toContain('secret');
    expect(JSON.parse(String(stored.after))).toEqual({
      credentials: '[redacted]',
      nested: [{ refreshToken: '[redacted]' }],
      organizationId: '12345',
    });
  });

  it('refuses an entry for a company that does not exist, at once', async () => {
    let runs = 0;
    const ghost = 'c0000000-0000-4000-8000-00000000dead';
    await expect(
      trail.transaction(ghost, async (tx) => {
        runs += 1;
        await trail.record({ companyId: ghost, actor: 'system', action: 'test.orphan', subjectType: 'test' }, tx);
      }),
    ).rejects.toThrow(/foreign key/i);
    expect(runs).toBe(1);
  });

  it('records a bigint amount exactly, and the chain still verifies', async () => {
    const a = await company();
    const amount = 2n ** 63n + 7n;
    const entry = await trail.record({
      companyId: a,
      actor: 'system',
      action: 'export.sent',
      subjectType: 'export',
      after: { amount, currency: 'DKK' },
    });
    const stored = await ds.getRepository(AuditEntryEntity).findOneByOrFail({ id: entry.id });
    expect(parseCanonicalJson(String(stored.after))).toEqual({ amount, currency: 'DKK' });
    expect(await verifier.verifyCompany(a)).toEqual({ chain: a, valid: true, entriesChecked: 1 });
  });

  it("lists a company's entries newest first, filtered by action", async () => {
    const a = await company();
    await recordMany(a, 3);
    await trail.record({ companyId: a, actor: 'system', action: 'sync.finished', subjectType: 'connection' });
    const all = await trail.list({ companyId: a, page: 1, pageSize: 10 });
    expect(all.total).toBe(4);
    expect(all.items.map((e) => e.seq)).toEqual([4, 3, 2, 1]);
    const synced = await trail.list({ companyId: a, action: 'sync.finished', page: 1, pageSize: 10 });
    expect(synced.items.map((e) => e.action)).toEqual(['sync.finished']);
  });
});
