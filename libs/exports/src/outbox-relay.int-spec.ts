import { AuditTrail } from '@ledgerbridge/audit';
import { ExportEntity, ExportOutboxEntity } from '@ledgerbridge/persistence';
import { standaloneQueue, type StandaloneQueue } from '@ledgerbridge/queue';
import { DataSource, IsNull, Not } from 'typeorm';
import { ExportLedger } from './export-ledger';
import { ExportRequests } from './export-requests';
import { ExportSweeper } from './export-sweeper';
import { DEFAULT_EXPORT_WORKER_OPTIONS } from './export-worker-options';
import { OutboxRelay } from './outbox-relay';
import { companyWithTransactions, databaseName, migratedDatabase } from './test-support/ledger-db';

// The test's own Redis (npm test starts a private one): FLUSHALL here touches nobody else's data.
describe(`outbox relay and sweeper on ${databaseName} and a real Redis`, () => {
  let db: Awaited<ReturnType<typeof migratedDatabase>>;
  let ds: DataSource;
  let queue: StandaloneQueue;
  let requests: ExportRequests;
  let trail: AuditTrail;
  const options = { ...DEFAULT_EXPORT_WORKER_OPTIONS, relayIntervalMs: 0, sweepIntervalMs: 0, sweepBatchSize: 7 };

  beforeAll(async () => {
    const url = process.env['REDIS_URL'];
    if (!url) throw new Error('REDIS_URL is not set: npm test starts a private Redis and sets it.');
    db = await migratedDatabase();
    ds = db.ds;
    queue = standaloneQueue(url, `exports-${process.pid}-${Date.now()}`);
    trail = new AuditTrail(ds);
    requests = new ExportRequests(ds, trail, new ExportLedger(ds, trail));
  });
  afterAll(async () => {
    await queue.close();
    await db.close();
  });

  const unrelayed = () => ds.getRepository(ExportOutboxEntity).countBy({ relayedAt: IsNull() });
  // Rows other tests left unrelayed go to the shared queue first, so a test's own relay sees only its companies.
  const relayOthersRows = async () => {
    const drain = new OutboxRelay(ds, trail, queue.jobs, options);
    while ((await drain.relayOnce()) > 0);
  };

  it('turns every outbox row into one Bull job named by its export id, even with two relays at once', async () => {
    const { companyId, transactionIds } = await companyWithTransactions(ds, 12);
    const batch = await requests.request(companyId, { transactionIds }, 'key:k');
    expect(batch).toMatchObject({ requested: 12, queued: 12, skipped: 0, counts: { queued: 12 } });
    expect(await unrelayed()).toBe(12);
    const relays = [new OutboxRelay(ds, trail, queue.jobs, options), new OutboxRelay(ds, trail, queue.jobs, options)];
    const [a, b] = await Promise.all(relays.map((r) => r.relayOnce()));
    expect(a + b).toBe(12);
    expect(await unrelayed()).toBe(0);
    const exportIds = (await ds.getRepository(ExportEntity).findBy({ companyId })).map((e) => e.id).sort();
    expect((await queue.jobIds()).sort()).toEqual(exportIds);
    const job = await queue.jobs.find(exportIds[0]!);
    expect(job).toMatchObject({ name: 'export.run', data: { companyId, exportId: exportIds[0] } });
    // Only ids in the payload, never credentials or content.
    expect(Object.keys(job!.data as object).sort()).toEqual(['companyId', 'exportId']);
    expect(await relays[0]!.relayOnce()).toBe(0);
  });

  it('marks the row of an export already claimed (a journal batch took it) relayed without a job; an expired lease gets one', async () => {
    const { companyId, transactionIds } = await companyWithTransactions(ds, 3);
    await requests.request(companyId, { transactionIds }, 'key:k');
    const [held, expired, queued] = await ds
      .getRepository(ExportEntity)
      .find({ where: { companyId }, order: { id: 'ASC' } });
    const lease = (id: string, until: number) =>
      ds
        .getRepository(ExportEntity)
        .update({ id }, { state: 'sending', leaseOwner: 'batch', leaseExpiresAt: new Date(until) });
    await lease(held!.id, Date.now() + 60_000);
    await lease(expired!.id, Date.now() - 1_000);
    const before = new Set(await queue.jobIds());
    expect(await new OutboxRelay(ds, trail, queue.jobs, options).relayOnce()).toBe(3);
    expect(await unrelayed()).toBe(0);
    const added = (await queue.jobIds()).filter((id) => !before.has(id)).sort();
    expect(added).toEqual([expired!.id, queued!.id].sort());
  });

  it('leaves a row unrelayed when Redis refuses the job, and relays it on a later pass', async () => {
    const { companyId, transactionIds } = await companyWithTransactions(ds, 1);
    await requests.request(companyId, { transactionIds }, 'key:k');
    const relay = new OutboxRelay(ds, trail, queue.jobs, { ...options });
    const enqueue = jest.spyOn(queue.jobs, 'enqueueMany').mockRejectedValueOnce(new Error('Redis is gone'));
    await expect(relay.relayOnce()).rejects.toThrow('Redis is gone');
    enqueue.mockRestore();
    expect(await unrelayed()).toBe(1);
    // Its claim lasts 30 s, then any relay takes it again: here, the claim is aged by hand.
    await ds.getRepository(ExportOutboxEntity).update({ relayedAt: IsNull() }, { relayUntil: new Date(0) });
    expect(await relay.relayOnce()).toBe(1);
    expect(await unrelayed()).toBe(0);
  });

  it('after FLUSHALL, puts every pending export back on the queue, and only those', async () => {
    const { companyId, transactionIds } = await companyWithTransactions(ds, 20);
    await requests.request(companyId, { transactionIds }, 'key:k');
    await new OutboxRelay(ds, trail, queue.jobs, options).relayOnce();
    const rows = await ds.getRepository(ExportEntity).find({ where: { companyId }, order: { id: 'ASC' } });
    // Some are done, one is mid-send with a live lease, one's worker died (lease expired).
    const setState = (id: string, state: ExportEntity['state'], leaseExpiresAt: Date | null = null) =>
      ds.getRepository(ExportEntity).update({ id }, { state, leaseOwner: leaseExpiresAt && 'w', leaseExpiresAt });
    await setState(rows[0]!.id, 'exported');
    await setState(rows[1]!.id, 'needs_attention');
    await setState(rows[2]!.id, 'sending', new Date(Date.now() + 60_000));
    await setState(rows[3]!.id, 'sending', new Date(Date.now() - 1_000));
    await queue.flushRedis();
    expect(await queue.jobIds()).toEqual([]);
    const sweeper = new ExportSweeper(ds, queue.jobs, options);
    const restored = await sweeper.sweepOnce();
    const pending = rows.slice(3).map((r) => r.id);
    // Earlier tests' exports are pending too (their jobs went with the flush): the ledger, not this test, decides.
    const allPending = (await ds.getRepository(ExportEntity).find({ where: { state: Not('exported') } })).filter(
      (e) => e.state === 'queued' || (e.state === 'sending' && e.leaseExpiresAt! < new Date()),
    );
    expect(restored).toBe(allPending.length);
    const held = new Set(await queue.jobIds());
    for (const id of pending) expect(held.has(id)).toBe(true);
    for (const r of rows.slice(0, 3)) expect(held.has(r.id)).toBe(false);
    expect(held.size).toBe(allPending.length);
    // A second pass finds them all held: nothing is added twice.
    expect(await sweeper.sweepOnce()).toBe(0);
  });

  it('re-adds a job Bull still keeps as finished, which a plain add with the same id would ignore', async () => {
    const { companyId, transactionIds } = await companyWithTransactions(ds, 1);
    await requests.request(companyId, { transactionIds }, 'key:k');
    const [row] = await ds.getRepository(ExportEntity).findBy({ companyId });
    const payload = { companyId, exportId: row!.id };
    await queue.flushRedis();
    const runs: string[] = [];
    queue.process(async (_name, _data, jobId) => void runs.push(jobId));
    const until = async (n: number) => {
      for (let i = 0; i < 100 && runs.length < n; i++) await new Promise((r) => setTimeout(r, 30));
    };
    // Kept after completion, as a job enqueued without removeWhenDone (or by an older release) would be.
    await queue.jobs.enqueue('export.run', payload, { jobId: row!.id, attempts: 1 });
    await until(1);
    expect(runs).toEqual([row!.id]);
    await queue.jobs.enqueue('export.run', payload, { jobId: row!.id, attempts: 1 });
    await new Promise((r) => setTimeout(r, 300));
    expect(runs).toHaveLength(1);
    expect(await queue.jobs.ensure('export.run', payload, row!.id, { removeWhenDone: true })).toBe(true);
    await until(2);
    expect(runs).toEqual([row!.id, row!.id]);
  });

  it('relays a request bigger than one batch in one tick: passes until one comes back short', async () => {
    const own = standaloneQueue(process.env['REDIS_URL']!, `exports-drain-${process.pid}-${Date.now()}`);
    try {
      await relayOthersRows();
      const company = await companyWithTransactions(ds, 10);
      await requests.request(company.companyId, { transactionIds: company.transactionIds }, 'key:k');
      const relay = new OutboxRelay(ds, trail, own.jobs, { ...options, relayBatchSize: 4 });
      // Passes of 4, 4 and 2: the short one ends the tick, and nothing is left for the next.
      expect(await relay.relayPending()).toBe(10);
      expect(await relay.relayPending()).toBe(0);
      expect(await own.jobIds()).toHaveLength(10);
    } finally {
      await own.close();
    }
  });

  it("keeps at most a company's cap of jobs in Bull: the rest wait in the outbox, the sweeper leaves them, and they follow as earlier ones finish", async () => {
    const own = standaloneQueue(process.env['REDIS_URL']!, `exports-cap-${process.pid}-${Date.now()}`);
    try {
      await relayOthersRows();
      const { companyId, transactionIds } = await companyWithTransactions(ds, 6);
      await requests.request(companyId, { transactionIds }, 'key:k');
      const ids = (await ds.getRepository(ExportEntity).find({ where: { companyId } })).map((e) => e.id);
      const inBull = async () => (await own.jobIds()).filter((id) => ids.includes(id));
      const relay = new OutboxRelay(ds, trail, own.jobs, { ...options, relayCompanyCap: 2 });
      expect(await relay.relayPending()).toBe(2);
      expect(await relay.relayPending()).toBe(0);
      const first = await inBull();
      expect(first).toHaveLength(2);
      // Pending without a job, but their rows wait in the outbox: the relay's to take, not the sweeper's.
      await new ExportSweeper(ds, own.jobs, options).sweepOnce();
      expect(await inBull()).toHaveLength(2);
      // Two finish: two more come, and no more, whatever the passes.
      await ds.getRepository(ExportEntity).update(first, { state: 'exported' });
      expect(await relay.relayPending()).toBe(2);
      expect(await relay.relayPending()).toBe(0);
      expect(await inBull()).toHaveLength(4);
      expect(await unrelayed()).toBe(2);
    } finally {
      await own.close();
    }
  });

  it('pauses its timer passes for a second once only rows its cap holds back wait; a nudge ends the pause', async () => {
    const own = standaloneQueue(process.env['REDIS_URL']!, `exports-pause-${process.pid}-${Date.now()}`);
    const clock = jest.spyOn(Date, 'now');
    try {
      await relayOthersRows();
      const { companyId, transactionIds } = await companyWithTransactions(ds, 8);
      await requests.request(companyId, { transactionIds }, 'key:k');
      const ids = (await ds.getRepository(ExportEntity).find({ where: { companyId } })).map((e) => e.id);
      const finishTwo = async () => {
        const inBull = (await own.jobIds()).filter((id) => ids.includes(id));
        const queued = await ds.getRepository(ExportEntity).find({ where: { companyId, state: 'queued' } });
        const done = queued.filter((e) => inBull.includes(e.id)).slice(0, 2);
        await ds.getRepository(ExportEntity).update(
          done.map((e) => e.id),
          { state: 'exported' },
        );
      };
      let now = Date.now();
      clock.mockImplementation(() => now);
      const relay = new OutboxRelay(ds, trail, own.jobs, { ...options, relayCompanyCap: 2 });
      expect(await relay.timerPass()).toBe(2);
      // Only held-back rows are left: this pass pauses the timer's next ones.
      expect(await relay.timerPass()).toBe(0);
      await finishTwo();
      now += 900;
      expect(await relay.timerPass()).toBe(0);
      now += 200;
      expect(await relay.timerPass()).toBe(2);
      expect(await relay.timerPass()).toBe(0);
      await finishTwo();
      relay.nudged();
      expect(await relay.timerPass()).toBe(2);
    } finally {
      clock.mockRestore();
      await own.close();
    }
  });

  it('relays round-robin across companies and runs their exports turn by turn, a big backlog that came first included', async () => {
    const own = standaloneQueue(process.env['REDIS_URL']!, `exports-fair-${process.pid}-${Date.now()}`);
    try {
      await relayOthersRows();
      const big = await companyWithTransactions(ds, 10);
      await requests.request(big.companyId, { transactionIds: big.transactionIds }, 'key:k');
      const small = await companyWithTransactions(ds, 2);
      await requests.request(small.companyId, { transactionIds: small.transactionIds }, 'key:k');
      const exportsOf = async (companyId: string) =>
        (await ds.getRepository(ExportEntity).findBy({ companyId })).map((e) => e.id);
      const [bigIds, smallIds] = [await exportsOf(big.companyId), await exportsOf(small.companyId)];
      // A pass of four takes two of each company, not four of the big one.
      const relay = new OutboxRelay(ds, trail, own.jobs, { ...options, relayBatchSize: 4 });
      expect(await relay.relayOnce()).toBe(4);
      const first = await own.jobIds();
      expect(first.filter((id) => smallIds.includes(id))).toHaveLength(2);
      expect(first.filter((id) => bigIds.includes(id))).toHaveLength(2);
      while ((await relay.relayOnce()) > 0);
      const ran: string[] = [];
      own.process(async (_name, _data, jobId) => void ran.push(jobId));
      for (let i = 0; i < 100 && ran.length < 12; i++) await new Promise((r) => setTimeout(r, 50));
      // Priority = the export's turn in its company: the first of each company, then the second of each, then the
      // rest of the big backlog (its turns 3 to 10), however early the big one asked.
      expect(ran).toHaveLength(12);
      expect(ran.slice(0, 2).filter((id) => smallIds.includes(id))).toHaveLength(1);
      expect(ran.slice(2, 4).filter((id) => smallIds.includes(id))).toHaveLength(1);
      expect(ran.slice(4).every((id) => bigIds.includes(id))).toBe(true);
    } finally {
      await own.close();
    }
  });
  it('takes one row of each of 120 companies in one pass (their rows read a hundred companies per statement)', async () => {
    const own = standaloneQueue(process.env['REDIS_URL']!, `exports-wide-${process.pid}-${Date.now()}`);
    try {
      await relayOthersRows();
      const ids: string[] = [];
      for (let i = 0; i < 120; i++) {
        const one = await companyWithTransactions(ds, 1);
        await requests.request(one.companyId, { transactionIds: one.transactionIds }, 'key:k');
        ids.push(...(await ds.getRepository(ExportEntity).findBy({ companyId: one.companyId })).map((e) => e.id));
      }
      const relay = new OutboxRelay(ds, trail, own.jobs, { ...options, relayBatchSize: 150 });
      expect(await relay.relayOnce()).toBe(120);
      expect((await own.jobIds()).sort()).toEqual(ids.sort());
    } finally {
      await own.close();
    }
  });
});
