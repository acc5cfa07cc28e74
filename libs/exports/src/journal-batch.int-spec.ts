import { AuditTrail } from '@ledgerbridge/audit';
import { ConnectorError } from '@ledgerbridge/connector-sdk';
import { AuditEntryEntity, ExportEntity, TransactionEntity } from '@ledgerbridge/persistence';
import { isPutBack, standaloneQueue } from '@ledgerbridge/queue';
import { DataSource, In } from 'typeorm';
import { ExportLedger } from './export-ledger';
import { companyWithTransactions, databaseName, exportIn, migratedDatabase } from './test-support/ledger-db';
import { setupAccountsOf } from './test-support/expense-company';
import { MemoryProvider } from './test-support/memory-provider';
import { lostAnswer, runnerOver as harness, runnerWith } from './test-support/writer-harness';
import { memoryPorts } from './test-support/memory-provider';

const lost = lostAnswer;

describe(`Journal entries batched in one provider call on ${databaseName}`, () => {
  let db: Awaited<ReturnType<typeof migratedDatabase>>;
  let ds: DataSource;
  let ledger: ExportLedger;

  beforeAll(async () => {
    db = await migratedDatabase();
    ds = db.ds;
    ledger = new ExportLedger(ds, new AuditTrail(ds));
  });
  afterAll(() => db.close());

  const rows = (ids: string[]) => ds.getRepository(ExportEntity).findBy({ id: In(ids) });
  const posts = (provider: MemoryProvider) => provider.calls.filter((c) => c === 'post').length;
  const lookups = (provider: MemoryProvider) => provider.calls.filter((c) => c === 'lookup').length;

  function runnerOver(provider: MemoryProvider, perBatch = 1000, allowance?: { requests: number; perMs: number }) {
    Object.assign(provider.limits, { journalEntriesPerBatch: perBatch });
    return harness(ds, ledger, provider, allowance).runner;
  }

  /** A connected company with `count` queued exports, reimbursements and wallet top-ups alternating. */
  async function company(count: number) {
    const { companyId, transactionIds } = await companyWithTransactions(ds, count);
    await setupAccountsOf(ds, companyId);
    const topUps = transactionIds.filter((_, i) => i % 2 === 1);
    if (topUps.length > 0)
      await ds.getRepository(TransactionEntity).update({ id: In(topUps) }, { kind: 'wallet_top_up', paidFrom: null });
    const ids: string[] = [];
    for (const transactionId of transactionIds) ids.push(await exportIn(ds, companyId, transactionId, 'queued'));
    return { companyId, ids };
  }

  it('exports 250 queued reimbursements and top-ups of one company in one create call, each once', async () => {
    const provider = new MemoryProvider();
    const runner = runnerOver(provider);
    const { companyId, ids } = await company(250);
    expect(await runner.run({ companyId, exportId: ids[0]! })).toBe('exported');
    expect(posts(provider)).toBe(1);
    expect(provider.entries.map((e) => e.id).sort()).toEqual([...ids].sort());
    const after = await rows(ids);
    expect(after.every((r) => r.state === 'exported' && r.providerId === r.id && r.attempts === 1)).toBe(true);
    const audited = await ds
      .getRepository(AuditEntryEntity)
      .countBy({ companyId, action: 'export.exported', subjectId: In(ids) });
    expect(audited).toBe(250);
    // The other exports' own jobs find nothing left to do.
    for (const id of ids.slice(1, 20)) expect(await runner.run({ companyId, exportId: id })).toBe('not_pending');
    expect(posts(provider)).toBe(1);
  }, 60_000);

  it("keeps to the connector's batch limit", async () => {
    const provider = new MemoryProvider();
    const runner = runnerOver(provider, 100);
    const { companyId, ids } = await company(120);
    expect(await runner.run({ companyId, exportId: ids[0]! })).toBe('exported');
    expect(provider.entries).toHaveLength(100);
    const left = (await rows(ids)).filter((r) => r.state === 'queued');
    expect(left).toHaveLength(20);
    expect(await runner.run({ companyId, exportId: left[0]!.id })).toBe('exported');
    expect(posts(provider)).toBe(2);
    expect(new Set(provider.entries.map((e) => e.id)).size).toBe(120);
  }, 60_000);

  it('gives leads running at once full batches of their own, not one batch and many of one', async () => {
    const provider = new MemoryProvider();
    const runner = runnerOver(provider, 100);
    const { companyId, ids } = await company(400);
    // Four leads at once: each picks its candidates on the company's lane, past the rows the one before took (when
    // all read the same 99 oldest at once, one won them and three sent batches of one, leaving 297 for later jobs).
    const leads = [ids[0]!, ids[150]!, ids[250]!, ids[350]!];
    const outcomes = await Promise.all(leads.map((exportId) => runner.run({ companyId, exportId })));
    // A lead another batch took along answers lost_race: it was sent there.
    for (const outcome of outcomes) expect(['exported', 'lost_race']).toContain(outcome);
    expect(posts(provider)).toBe(4);
    // A lead another batch took along sends 99 beside it: at most one left per lead, for its own job.
    const left = (await rows(ids)).filter((r) => r.state === 'queued');
    expect(left.length).toBeLessThanOrEqual(3);
    // The first one's job takes the others along.
    for (const r of left)
      expect(['exported', 'not_pending']).toContain(await runner.run({ companyId, exportId: r.id }));
    expect(posts(provider)).toBe(left.length > 0 ? 5 : 4);
    expect(provider.entries).toHaveLength(400);
    expect(new Set(provider.entries.map((e) => e.id)).size).toBe(400);
    expect((await rows(ids)).every((r) => r.state === 'exported' && r.attempts === 1)).toBe(true);
  }, 60_000);

  it('fails only the item the provider refused, with its words; the others are exported', async () => {
    const provider = new MemoryProvider();
    const runner = runnerOver(provider);
    const { companyId, ids } = await company(5);
    const refusal = new ConnectorError('validation', 'Kontoen findes ikke.', {
      field: '[2].Lines[0].AccountNumber',
      outcomeUnknown: false,
    });
    provider.refuseEntries.set(ids[2]!, refusal);
    expect(await runner.run({ companyId, exportId: ids[0]! })).toBe('exported');
    expect(posts(provider)).toBe(1);
    const byId = new Map((await rows(ids)).map((r) => [r.id, r]));
    expect(byId.get(ids[2]!)).toMatchObject({
      state: 'failed',
      lastErrorCode: 'validation',
      lastErrorMessage: 'Kontoen findes ikke. ([2].Lines[0].AccountNumber)',
    });
    for (const id of [0, 1, 3, 4].map((i) => ids[i]!)) expect(byId.get(id)).toMatchObject({ state: 'exported' });
  });

  it('looks every item up after a lost answer and sends none twice', async () => {
    const provider = new MemoryProvider();
    const runner = runnerOver(provider);
    const { companyId, ids } = await company(6);
    provider.faults.push({ on: 'post', then: 'commit_and_lose', error: lost() });
    expect(await runner.run({ companyId, exportId: ids[0]! })).toBe('exported');
    expect(posts(provider)).toBe(1);
    expect(lookups(provider)).toBe(6);
    expect(provider.entries).toHaveLength(6);
    expect((await rows(ids)).every((r) => r.state === 'exported')).toBe(true);
  });

  it('sends items back to queued, not in_doubt, when the budget runs out during the lookups after a lost answer', async () => {
    const provider = new MemoryProvider();
    // Five calls a minute: the batch reserves two (the post and one lookup), three more lookups fit, two do not.
    const runner = runnerOver(provider, 1000, { requests: 5, perMs: 60_000 });
    const { companyId, ids } = await company(6);
    provider.faults.push({ on: 'post', then: 'commit_and_lose', error: lost() });
    expect(await runner.run({ companyId, exportId: ids[0]! })).toBe('exported');
    expect(lookups(provider)).toBe(4);
    const states = (await rows(ids)).map((r) => r.state).sort();
    expect(states).toEqual(['exported', 'exported', 'exported', 'exported', 'queued', 'queued']);
    for (const r of (await rows(ids)).filter((x) => x.state === 'queued')) expect(r.lastErrorCode).toBe('answer_lost');
    expect(provider.entries).toHaveLength(6);
  });

  it('sends a batch whose answer was lost and which was not written again only after the lookups', async () => {
    const provider = new MemoryProvider();
    const runner = runnerOver(provider);
    const { companyId, ids } = await company(4);
    provider.faults.push({ on: 'post', then: 'refuse', error: lost() });
    const thrown = await runner.run({ companyId, exportId: ids[0]! }).catch((err: unknown) => err);
    expect(isPutBack(thrown)).toBe(true);
    expect((await rows(ids)).every((r) => r.state === 'queued' && r.lastErrorCode === 'answer_lost')).toBe(true);
    expect(await runner.run({ companyId, exportId: ids[0]! })).toBe('exported');
    // Four lookups after the loss, four more before the resend (each counted attempt may have written).
    expect(lookups(provider)).toBe(8);
    expect(posts(provider)).toBe(2);
    expect(provider.entries.map((e) => e.id).sort()).toEqual([...ids].sort());
    expect((await rows(ids)).every((r) => r.state === 'exported' && r.attempts === 2)).toBe(true);
  });

  it('leaves out the items another worker holds the lease of, and sends them not', async () => {
    const provider = new MemoryProvider();
    const runner = runnerOver(provider);
    const { companyId, ids } = await company(6);
    const held = [ids[2]!, ids[4]!];
    for (const id of held) expect((await ledger.claim(id, companyId, 'other-worker', 60_000)).ok).toBe(true);
    expect(await runner.run({ companyId, exportId: ids[0]! })).toBe('exported');
    expect(provider.entries.map((e) => e.id).sort()).toEqual(ids.filter((id) => !held.includes(id)).sort());
    for (const r of await rows(held)) expect(r).toMatchObject({ state: 'sending', leaseOwner: 'other-worker' });
  });

  it('checks the leases in the database before the call once its claim is over a second old (a stalled worker)', async () => {
    const provider = new MemoryProvider();
    Object.assign(provider.limits, { journalEntriesPerBatch: 1000 });
    const { companyId, ids } = await company(5);
    // The claim answers as if made 2 s ago, and meanwhile another worker has taken item 3 over.
    const stalled = Object.create(ledger) as ExportLedger;
    stalled.claimMany = async (...args: Parameters<ExportLedger['claimMany']>) => {
      const claimed = await ledger.claimMany(...args);
      await ds.getRepository(ExportEntity).update({ id: ids[3]! }, { leaseOwner: 'other-worker' });
      return claimed.map((r) => Object.assign(r, { leaseExpiresAt: new Date(r.leaseExpiresAt!.getTime() - 2_000) }));
    };
    expect(await harness(ds, stalled, provider).runner.run({ companyId, exportId: ids[0]! })).toBe('exported');
    expect(provider.entries.map((e) => e.id).sort()).toEqual(ids.filter((id) => id !== ids[3]).sort());
    expect((await rows([ids[3]!]))[0]).toMatchObject({ state: 'sending', leaseOwner: 'other-worker' });
  });

  it("drops the batch-mates' jobs still waiting in Bull once the batch has claimed them", async () => {
    const queue = standaloneQueue(process.env['REDIS_URL']!, `batch-drop-${process.pid}-${Date.now()}`);
    try {
      const provider = new MemoryProvider();
      Object.assign(provider.limits, { journalEntriesPerBatch: 1000 });
      const { companyId, ids } = await company(6);
      await queue.jobs.enqueueMany(
        'export.run',
        ids.map((exportId) => ({
          payload: { companyId, exportId },
          options: { jobId: exportId, removeWhenDone: true },
        })),
      );
      const runner = runnerWith(ds, ledger, memoryPorts(provider), queue.jobs);
      expect(await runner.run({ companyId, exportId: ids[0]! })).toBe('exported');
      expect(provider.entries).toHaveLength(6);
      // The lead's own job is its caller's to finish (Bull's, in a worker); the other five are gone.
      expect(await queue.jobIds()).toEqual([ids[0]]);
    } finally {
      await queue.close();
    }
  });

  it('never mixes two companies in one batch', async () => {
    const provider = new MemoryProvider();
    const runner = runnerOver(provider);
    const a = await company(3);
    const b = await company(3);
    expect(await runner.run({ companyId: a.companyId, exportId: a.ids[0]! })).toBe('exported');
    expect(provider.entries.map((e) => e.id).sort()).toEqual([...a.ids].sort());
    expect((await rows(b.ids)).every((r) => r.state === 'queued' && r.attempts === 0)).toBe(true);
  });

  it("takes a killed worker's batch over after its leases expire, looking each item up before resending", async () => {
    const provider = new MemoryProvider();
    const { companyId, ids } = await company(5);
    // The dead worker claimed all five, and its post reached the provider with the first three before it died.
    for (const id of ids) await ledger.claim(id, companyId, 'dead-worker', -1);
    for (const id of ids.slice(0, 3)) provider.entries.push({ id, date: '2026-11-24', lines: [], providerId: id });
    const runner = runnerOver(provider);
    expect(await runner.run({ companyId, exportId: ids[4]! })).toBe('exported');
    expect(lookups(provider)).toBe(5);
    expect(posts(provider)).toBe(1);
    expect(provider.entries.map((e) => e.id).sort()).toEqual([...ids].sort());
    expect((await rows(ids)).every((r) => r.state === 'exported' && r.attempts === 2)).toBe(true);
  });

  it('sends items back to queued when booking failed, and the next post books them without a duplicate', async () => {
    const provider = new MemoryProvider();
    const runner = runnerOver(provider);
    const { companyId, ids } = await company(3);
    provider.bookFails = true;
    const thrown = await runner.run({ companyId, exportId: ids[0]! }).catch((err: unknown) => err);
    expect(isPutBack(thrown)).toBe(true);
    expect((await rows(ids)).every((r) => r.state === 'queued' && r.lastErrorCode === 'not_booked')).toBe(true);
    provider.bookFails = false;
    expect(await runner.run({ companyId, exportId: ids[0]! })).toBe('exported');
    expect(provider.drafts.size).toBe(0);
    expect(provider.entries).toHaveLength(3);
    expect((await rows(ids)).every((r) => r.state === 'exported')).toBe(true);
  });

  it('sends the whole batch back to queued, writing nothing, when the provider is rate limited', async () => {
    const provider = new MemoryProvider();
    const runner = runnerOver(provider);
    const { companyId, ids } = await company(3);
    const limited = new ConnectorError('rate_limited', 'Too many requests.', {
      outcomeUnknown: false,
      retryAfterMs: 30_000,
    });
    provider.faults.push({ on: 'post', then: 'refuse', error: limited });
    const before = Date.now();
    const thrown = await runner.run({ companyId, exportId: ids[0]! }).catch((err: unknown) => err);
    expect(isPutBack(thrown) && thrown.untilMs >= before + 30_000).toBe(true);
    expect(provider.entries).toHaveLength(0);
    expect((await rows(ids)).every((r) => r.state === 'queued' && r.lastErrorCode === 'rate_limited')).toBe(true);
  });
});
