import { AuditEntryEntity, ExportEntity } from '@ledgerbridge/persistence';
import { AuditTrail } from '@ledgerbridge/audit';
import { DataSource } from 'typeorm';
import { ExportLedger } from './export-ledger';
import { InvalidTransitionError } from './export-transitions';
import { companyWithTransactions, databaseName, exportIn, migratedDatabase } from './test-support/ledger-db';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`ExportLedger on ${databaseName}`, () => {
  let db: Awaited<ReturnType<typeof migratedDatabase>>;
  let ds: DataSource;
  let trail: AuditTrail;
  let ledger: ExportLedger;

  beforeAll(async () => {
    db = await migratedDatabase();
    ds = db.ds;
    trail = new AuditTrail(ds);
    ledger = new ExportLedger(ds, trail);
  });
  afterAll(() => db.close());

  const stateOf = async (id: string) => (await ds.getRepository(ExportEntity).findOneByOrFail({ id })).state;
  const entriesFor = (id: string) =>
    ds.getRepository(AuditEntryEntity).find({ where: { subjectId: id }, order: { seq: 'ASC' } });

  it('moves only from the expected state; a second mover gets lost_race, and both are in the audit trail once', async () => {
    const { companyId, transactionIds } = await companyWithTransactions(ds, 1);
    const id = await exportIn(ds, companyId, transactionIds[0]!, 'in_doubt');
    const first = await ledger.transition(id, companyId, 'in_doubt', 'exported', { providerId: 'guid-1' }, 'key:k');
    expect(first).toMatchObject({ ok: true, export: { state: 'exported', providerId: 'guid-1' } });
    const second = await ledger.transition(id, companyId, 'in_doubt', 'queued', { wake: true }, 'key:k');
    expect(second).toMatchObject({ ok: false, reason: 'lost_race', current: { state: 'exported' } });
    expect(await stateOf(id)).toBe('exported');
    expect((await entriesFor(id)).map((e) => e.action)).toEqual(['export.exported']);
  });

  it('refuses a transition the table does not allow, before touching the database', async () => {
    const { companyId, transactionIds } = await companyWithTransactions(ds, 1);
    const id = await exportIn(ds, companyId, transactionIds[0]!, 'exported');
    await expect(ledger.transition(id, companyId, 'exported', 'queued', {}, 'key:k')).rejects.toThrow(
      InvalidTransitionError,
    );
    await expect(ledger.transition(id, companyId, 'queued', 'sending', {}, 'key:k')).rejects.toThrow(
      InvalidTransitionError,
    );
    expect(await stateOf(id)).toBe('exported');
  });

  it('lets exactly one of two parallel claims win', async () => {
    const { companyId, transactionIds } = await companyWithTransactions(ds, 5);
    // A second process: its own connection (SQLite: to the same file) and its own audit trail.
    const otherDs = await db.open();
    const other = new ExportLedger(otherDs, new AuditTrail(otherDs));
    try {
      for (const tx of transactionIds) {
        const id = await exportIn(ds, companyId, tx, 'queued');
        const results = await Promise.all([
          ledger.claim(id, companyId, 'worker-a', 60_000),
          other.claim(id, companyId, 'worker-b', 60_000),
        ]);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ reason: 'lost_race' })]);
        const row = await ds.getRepository(ExportEntity).findOneByOrFail({ id });
        expect(row).toMatchObject({ state: 'sending', attempts: 1 });
        expect(['worker-a', 'worker-b']).toContain(row.leaseOwner);
        expect((await entriesFor(id)).map((e) => e.action)).toEqual(['export.sending']);
      }
    } finally {
      await otherDs.destroy();
    }
  });

  it('claims many at once: two batches over overlapping exports take each claimable one exactly once', async () => {
    const { companyId, transactionIds } = await companyWithTransactions(ds, 12);
    const ids: string[] = [];
    for (const [i, tx] of transactionIds.entries())
      ids.push(await exportIn(ds, companyId, tx, i === 11 ? 'exported' : 'queued'));
    const otherDs = await db.open();
    const other = new ExportLedger(otherDs, new AuditTrail(otherDs));
    try {
      const [a, b] = await Promise.all([
        ledger.claimMany(ids.slice(0, 8), companyId, 'batch-a', 60_000),
        other.claimMany(ids.slice(3), companyId, 'batch-b', 60_000),
      ]);
      const taken = [...a, ...b].map((row) => row.id);
      // Every queued export once, the exported one never; each claimed row is its batch's, with one audit entry.
      expect(new Set(taken).size).toBe(taken.length);
      expect([...taken].sort()).toEqual(ids.slice(0, 11).sort());
      expect(a.every((row) => row.leaseOwner === 'batch-a' && row.state === 'sending')).toBe(true);
      expect(b.every((row) => row.leaseOwner === 'batch-b' && row.attempts === 1)).toBe(true);
      for (const id of taken) expect((await entriesFor(id)).map((e) => e.action)).toEqual(['export.sending']);
      expect(await stateOf(ids[11]!)).toBe('exported');
      expect(await ledger.claimMany(ids, companyId, 'batch-c', 60_000)).toEqual([]);
    } finally {
      await otherDs.destroy();
    }
  });

  /** Whether `owner` holds the export's lease now, read from the row (no write). */
  const holds = async (id: string, owner: string) => {
    const row = await ds.getRepository(ExportEntity).findOneByOrFail({ id });
    return row.state === 'sending' && row.leaseOwner === owner && row.leaseExpiresAt!.getTime() > Date.now();
  };
  const extend = async (id: string, companyId: string, owner: string) =>
    (await ledger.extendLeases([id], companyId, owner, 60_000)).has(id);

  it('holds a lease until it expires; then another worker takes it over and the old holder can no longer finish', async () => {
    const { companyId, transactionIds } = await companyWithTransactions(ds, 1);
    const id = await exportIn(ds, companyId, transactionIds[0]!, 'queued');
    expect((await ledger.claim(id, companyId, 'worker-a', 300)).ok).toBe(true);
    expect(await holds(id, 'worker-a')).toBe(true);
    expect(await holds(id, 'worker-b')).toBe(false);
    expect(await extend(id, companyId, 'worker-b')).toBe(false);
    expect((await ledger.claim(id, companyId, 'worker-b', 60_000)).ok).toBe(false);
    await sleep(450);
    expect(await holds(id, 'worker-a')).toBe(false);
    expect(await extend(id, companyId, 'worker-a')).toBe(false);
    const takeover = await ledger.claim(id, companyId, 'worker-b', 60_000);
    expect(takeover).toMatchObject({ ok: true, export: { state: 'sending', attempts: 2, leaseOwner: 'worker-b' } });
    const late = await ledger.transition(
      id,
      companyId,
      'sending',
      'exported',
      { providerId: 'x', leaseOwner: 'worker-a' },
      'system',
    );
    expect(late).toMatchObject({ ok: false, reason: 'lost_race' });
    const done = await ledger.transition(
      id,
      companyId,
      'sending',
      'exported',
      { providerId: 'x', leaseOwner: 'worker-b' },
      'system',
    );
    expect(done).toMatchObject({ ok: true, export: { state: 'exported', leaseOwner: null, leaseExpiresAt: null } });
    expect((await entriesFor(id)).map((e) => e.action)).toEqual([
      'export.sending',
      'export.lease_taken_over',
      'export.exported',
    ]);
  });

  it('extends a lease it holds, so it outlives its first expiry', async () => {
    const { companyId, transactionIds } = await companyWithTransactions(ds, 1);
    const id = await exportIn(ds, companyId, transactionIds[0]!, 'queued');
    await ledger.claim(id, companyId, 'worker-a', 300);
    expect(await extend(id, companyId, 'worker-a')).toBe(true);
    await sleep(450);
    expect(await holds(id, 'worker-a')).toBe(true);
    expect((await ledger.claim(id, companyId, 'worker-b', 60_000)).ok).toBe(false);
  });

  it('extends many leases in one guarded update, only where the owner still holds them, and writes a change with it', async () => {
    const { companyId, transactionIds } = await companyWithTransactions(ds, 4);
    const ids = await Promise.all(transactionIds.map((t) => exportIn(ds, companyId, t, 'queued')));
    expect(await ledger.claimMany(ids.slice(0, 3), companyId, 'batch-a', 300)).toHaveLength(3);
    await sleep(450);
    // ids[2]'s lease has expired and is taken over; ids[3] was never claimed by batch-a.
    expect((await ledger.claim(ids[2]!, companyId, 'worker-b', 60_000)).ok).toBe(true);
    await ds.getRepository(ExportEntity).update({ id: ids[0]! }, { leaseExpiresAt: new Date(Date.now() + 60_000) });
    const held = await ledger.extendLeases(ids, companyId, 'batch-a', 60_000);
    expect([...held]).toEqual([ids[0]]);
    const marked = await ledger.setUnderLease(ids, companyId, 'worker-b', 60_000, { attachmentRef: 'file-1' });
    expect([...marked]).toEqual([ids[2]]);
    const rows = await ds.getRepository(ExportEntity).findBy({ companyId });
    expect(rows.filter((r) => r.attachmentRef === 'file-1').map((r) => r.id)).toEqual([ids[2]]);
    // Another company's id changes nothing, whoever names it.
    const other = await companyWithTransactions(ds, 1);
    expect(await ledger.extendLeases([ids[2]!], other.companyId, 'worker-b', 60_000)).toEqual(new Set());
  });

  it('claims from the row just read with no read of its own: a row claimed meanwhile is a lost race, the claimed row matches the database', async () => {
    const { companyId, transactionIds } = await companyWithTransactions(ds, 2);
    const repo = ds.getRepository(ExportEntity);
    const id = await exportIn(ds, companyId, transactionIds[0]!, 'queued');
    const seen = await repo.findOneByOrFail({ id });
    // Another worker claims it, its lease expires: it is claimable again, but no longer the row seen.
    expect((await ledger.claim(id, companyId, 'worker-a', -1)).ok).toBe(true);
    expect(await ledger.claim(id, companyId, 'worker-b', 60_000, seen)).toMatchObject({
      ok: false,
      reason: 'lost_race',
    });
    const now = await repo.findOneByOrFail({ id });
    const claimed = await ledger.claim(id, companyId, 'worker-b', 60_000, now);
    expect(claimed.ok).toBe(true);
    const { updatedAt: _a, ...answered } = (claimed as { export: ExportEntity }).export;
    const { updatedAt: _b, ...stored } = await repo.findOneByOrFail({ id });
    expect(answered).toEqual(stored);
    expect(stored).toMatchObject({ state: 'sending', attempts: 2, leaseOwner: 'worker-b' });
    expect((await entriesFor(id)).map((e) => [e.action, JSON.parse(e.before as string).state])).toEqual([
      ['export.sending', 'queued'],
      ['export.lease_taken_over', 'sending'],
    ]);
  });

  it('finishes under the lease from the claimed row: the audit entry records what the database holds; a lost lease writes nothing', async () => {
    const { companyId, transactionIds } = await companyWithTransactions(ds, 1);
    const id = await exportIn(ds, companyId, transactionIds[0]!, 'queued');
    const first = await ledger.claim(id, companyId, 'worker-a', -1);
    const takeover = await ledger.claim(id, companyId, 'worker-b', 60_000);
    const late = await ledger.finishLeased(
      (first as { export: ExportEntity }).export,
      'exported',
      { providerId: 'a', leaseOwner: 'worker-a' },
      'system',
    );
    expect(late).toBe(false);
    const claimed = (takeover as { export: ExportEntity }).export;
    const change = { providerId: 'guid-9', providerStatus: 'Draft', error: null, leaseOwner: 'worker-b' };
    expect(await ledger.finishLeased(claimed, 'exported', change, 'system')).toBe(true);
    const stored = await ds.getRepository(ExportEntity).findOneByOrFail({ id });
    expect(stored).toMatchObject({ state: 'exported', providerId: 'guid-9', leaseOwner: null, attempts: 2 });
    const entry = (await entriesFor(id)).at(-1)!;
    expect(entry.action).toBe('export.exported');
    expect(JSON.parse(entry.after as string)).toMatchObject({
      state: stored.state,
      attempts: stored.attempts,
      providerId: stored.providerId,
      transactionVersion: stored.transactionVersion,
      lastErrorCode: stored.lastErrorCode,
    });
  });

  it('rolls the transition back when its audit entry cannot be written', async () => {
    const { companyId, transactionIds } = await companyWithTransactions(ds, 1);
    const id = await exportIn(ds, companyId, transactionIds[0]!, 'failed');
    const spy = jest.spyOn(trail, 'record').mockRejectedValueOnce(new Error('audit storage is full'));
    try {
      await expect(ledger.transition(id, companyId, 'failed', 'queued', { wake: true }, 'key:k')).rejects.toThrow(
        'audit storage is full',
      );
    } finally {
      spy.mockRestore();
    }
    expect(await stateOf(id)).toBe('failed');
    expect(await ds.query(`SELECT id FROM export_outbox WHERE export_id = '${id}'`)).toEqual([]);
    expect(await entriesFor(id)).toEqual([]);
    // The same transition goes through once the audit trail works again.
    expect((await ledger.transition(id, companyId, 'failed', 'queued', { wake: true }, 'key:k')).ok).toBe(true);
    expect(await ds.query(`SELECT id FROM export_outbox WHERE export_id = '${id}'`)).toHaveLength(1);
  });
});
