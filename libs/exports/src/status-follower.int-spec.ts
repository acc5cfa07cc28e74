import { AuditTrail } from '@ledgerbridge/audit';
import type { ChangesPage, ProviderChange, ProviderConnection, TrackedDocument } from '@ledgerbridge/connector-sdk';
import { AuditEntryEntity, ExportEntity, TransactionEntity } from '@ledgerbridge/persistence';
import { isPutBack } from '@ledgerbridge/queue';
import { DataSource } from 'typeorm';
import { ExportLedger } from './export-ledger';
import { DEFAULT_EXPORT_WORKER_OPTIONS } from './export-worker-options';
import { StatusFollower } from './status-follower';
import { companyWithTransactions, databaseName, exportIn, migratedDatabase } from './test-support/ledger-db';
import { MemoryProvider, memoryPorts } from './test-support/memory-provider';

type State = ProviderChange['status'] | 'unknown-text';

/** Answers for the watched documents like Dinero: a voucher one call each, ledger items one call for all. */
class TrackingProvider extends MemoryProvider {
  override readonly capabilities = { ...new MemoryProvider().capabilities, statusTracking: true };
  readonly states = new Map<string, State>();
  readonly numbers = new Map<string, string>();

  async changesSince(connection: ProviderConnection, _cursor: string | null, watched: readonly TrackedDocument[] = []) {
    const changes: ProviderChange[] = [];
    if (watched.some((d) => d.kind === 'journalEntry')) {
      await connection.callBudget?.take();
      this.calls.push('status:entries');
    }
    for (const doc of watched) {
      if (doc.kind === 'expenseVoucher') {
        await connection.callBudget?.take();
        this.calls.push(`status:${doc.providerId}`);
      }
      const status = this.states.get(doc.providerId) ?? 'draft';
      if (status === 'unknown-text') continue;
      const voucherNumber = this.numbers.get(doc.providerId);
      changes.push({ providerId: doc.providerId, status, ...(voucherNumber && { voucherNumber }) });
    }
    return { changes, nextCursor: 'watched:0', hasMore: false } satisfies ChangesPage;
  }
}

describe(`StatusFollower on ${databaseName}`, () => {
  let db: Awaited<ReturnType<typeof migratedDatabase>>;
  let ds: DataSource;
  let ledger: ExportLedger;
  const options = { ...DEFAULT_EXPORT_WORKER_OPTIONS, relayIntervalMs: 0, sweepIntervalMs: 0, statusIntervalMs: 0 };

  beforeAll(async () => {
    db = await migratedDatabase();
    ds = db.ds;
    ledger = new ExportLedger(ds, new AuditTrail(ds));
  });
  afterAll(() => db.close());

  const row = (id: string) => ds.getRepository(ExportEntity).findOneByOrFail({ id });
  const auditOf = (id: string) => ds.getRepository(AuditEntryEntity).findBy({ subjectId: id });

  function followerOver(provider: MemoryProvider, allowance?: { requests: number; perMs: number }) {
    const ports = memoryPorts(provider, allowance);
    return {
      follower: new StatusFollower(ds, ledger, ports.registry, ports.pacing, ports.connections, options),
      ports,
    };
  }

  /** A company with `vouchers` exported card expenses and `entries` exported reimbursements, in that order. */
  async function exported(vouchers: number, entries: number) {
    const { companyId, transactionIds } = await companyWithTransactions(ds, vouchers + entries);
    const ids: string[] = [];
    for (const [i, transactionId] of transactionIds.entries()) {
      if (i < vouchers)
        await ds.getRepository(TransactionEntity).update({ id: transactionId }, { kind: 'card_expense' });
      const id = await exportIn(ds, companyId, transactionId, 'exported');
      await ds.getRepository(ExportEntity).update({ id }, { providerId: `doc-${id}`, providerStatus: 'draft' });
      ids.push(id);
    }
    return { companyId, ids, providerIdOf: (id: string) => `doc-${id}` };
  }

  it('moves an approved voucher and a booked ledger item to booked, a deleted draft to deleted_in_provider', async () => {
    const provider = new TrackingProvider();
    const { companyId, ids, providerIdOf } = await exported(3, 2);
    const [approved, deleted, waiting, bookedEntry, pendingEntry] = ids as [string, string, string, string, string];
    provider.states.set(providerIdOf(approved), 'booked');
    provider.numbers.set(providerIdOf(approved), '117');
    provider.states.set(providerIdOf(deleted), 'deleted');
    provider.states.set(providerIdOf(waiting), 'unknown-text');
    provider.states.set(providerIdOf(bookedEntry), 'booked');
    provider.states.set(providerIdOf(pendingEntry), 'pending');
    const { follower } = followerOver(provider);

    await expect(follower.follow(companyId)).resolves.toEqual({ watched: 5, booked: 2, deleted: 1 });

    expect(await row(approved)).toMatchObject({
      state: 'booked',
      providerStatus: 'booked',
      providerVoucherNumber: '117',
    });
    expect(await row(bookedEntry)).toMatchObject({ state: 'booked', providerVoucherNumber: null });
    expect(await row(deleted)).toMatchObject({ state: 'deleted_in_provider', lastErrorCode: 'deleted_in_provider' });
    expect((await row(deleted)).lastErrorMessage).toMatch(/deleted there before booking\. Re-export/);
    expect(await row(waiting)).toMatchObject({ state: 'exported', providerStatus: 'draft' });
    expect(await row(pendingEntry)).toMatchObject({ state: 'exported' });
    const audit = await auditOf(approved);
    expect(audit.map((a) => a.action)).toEqual(['export.booked']);
    // Three voucher reads and one status call for both ledger items.
    expect([...provider.calls].sort()).toEqual(
      ['status:entries', ...[approved, deleted, waiting].map((id) => `status:${providerIdOf(id)}`)].sort(),
    );
  });

  it('changes nothing when it reads the same state again', async () => {
    const provider = new TrackingProvider();
    const { companyId, ids, providerIdOf } = await exported(1, 1);
    for (const id of ids) provider.states.set(providerIdOf(id), 'booked');
    const { follower } = followerOver(provider);
    await follower.follow(companyId);
    const before = await Promise.all(ids.map(auditOf));

    // Nothing left exported: no read, no write.
    await expect(follower.follow(companyId)).resolves.toEqual({ watched: 0, booked: 0, deleted: 0 });
    expect(await Promise.all(ids.map(auditOf))).toEqual(before);
    expect(provider.calls).toHaveLength(2);
  });

  it('applies a change once when two workers read the same state at once', async () => {
    const provider = new TrackingProvider();
    const { companyId, ids, providerIdOf } = await exported(1, 0);
    provider.states.set(providerIdOf(ids[0]!), 'booked');
    const { follower } = followerOver(provider);
    const results = await Promise.all([follower.follow(companyId), follower.follow(companyId)]);
    expect(results.reduce((n, r) => n + r.booked, 0)).toBe(1);
    expect((await auditOf(ids[0]!)).map((a) => a.action)).toEqual(['export.booked']);
  });

  it('leaves exports exported when the provider cannot track status, without a call', async () => {
    const provider = new MemoryProvider();
    const { companyId, ids } = await exported(1, 1);
    const { follower } = followerOver(provider);
    await expect(follower.follow(companyId)).resolves.toEqual({ watched: 0, booked: 0, deleted: 0 });
    expect(provider.calls).toEqual([]);
    for (const id of ids) expect(await row(id)).toMatchObject({ state: 'exported' });
  });

  it('pays each read from the organization budget and is put back, reading nothing, when it is spent', async () => {
    const provider = new TrackingProvider();
    const { companyId, ids, providerIdOf } = await exported(2, 0);
    for (const id of ids) provider.states.set(providerIdOf(id), 'booked');
    const allowance = { requests: 4, perMs: 60_000 };
    const { follower, ports } = followerOver(provider, allowance);
    await ports.pacing.reserve('dinero:100001', allowance, 4);

    const putBack = await follower.follow(companyId).catch((err: unknown) => err);
    expect(isPutBack(putBack)).toBe(true);
    expect(provider.calls).toEqual([]);
    for (const id of ids) expect(await row(id)).toMatchObject({ state: 'exported' });
  });

  it('spends exactly the planned calls: one per voucher, one per thousand ledger items', async () => {
    const provider = new TrackingProvider();
    const { companyId } = await exported(2, 3);
    const allowance = { requests: 12, perMs: 60_000 };
    const { follower, ports } = followerOver(provider, allowance);
    await follower.follow(companyId);
    expect(provider.calls).toHaveLength(3);
    // Three of the twelve are spent: nine are left, not ten.
    expect((await ports.pacing.reserve('dinero:100001', allowance, 10)).granted).toBe(false);
    expect((await ports.pacing.reserve('dinero:100001', allowance, 9)).granted).toBe(true);
  });

  it('spends at most a quarter of the allowance a job and reads the longest-unread drafts first', async () => {
    const provider = new TrackingProvider();
    const made = await exported(3, 0);
    const { companyId, providerIdOf } = made;
    // Never read before: in id order.
    const ids = [...made.ids].sort();
    const { follower } = followerOver(provider, { requests: 8, perMs: 60_000 });
    const read = (from: number) => provider.calls.slice(from).map((c) => c.replace('status:', ''));

    await expect(follower.follow(companyId)).resolves.toMatchObject({ watched: 2 });
    expect(read(0)).toEqual(ids.slice(0, 2).map(providerIdOf));
    await follower.follow(companyId);
    // The one not read yet comes first, then the one read longest ago.
    expect(read(2)).toEqual([ids[2], ids[0]].map((id) => providerIdOf(id!)));
    // Reading is no change: the exports' updated_at stays.
    const before = (await row(ids[1]!)).updatedAt;
    await follower.follow(companyId);
    expect((await row(ids[1]!)).updatedAt).toEqual(before);
  });

  it('lists the companies that have exports waiting for the provider', async () => {
    const provider = new TrackingProvider();
    const waiting = await exported(1, 0);
    const settled = await exported(0, 1);
    provider.states.set(settled.providerIdOf(settled.ids[0]!), 'booked');
    await followerOver(provider).follower.follow(settled.companyId);
    const companies = await followerOver(provider).follower.companiesToFollow();
    expect(companies).toContain(waiting.companyId);
    expect(companies).not.toContain(settled.companyId);
  });
});
