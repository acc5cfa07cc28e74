import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditTrail } from '@ledgerbridge/audit';
import { ExportEntity, guardedById, updateWhere, type ExportState } from '@ledgerbridge/persistence';
import { DataSource, EntityManager, In } from 'typeorm';
import { InvalidTransitionError, isAllowedTransition } from './export-transitions';
import { writeOutbox } from './outbox-writes';

/** The actor of a worker's change in the audit trail. */
export const WORKER_ACTOR = 'system';

export interface ExportError {
  code: string;
  /** In words, for the operator; never a secret. */
  message: string;
}

export interface TransitionChange {
  providerId?: string | null;
  providerStatus?: string | null;
  providerVersion?: string | null;
  /** The provider's number for the booked document (Dinero: `VoucherNumber`). */
  providerVoucherNumber?: string | null;
  /** Null clears the last error; omitted keeps it. */
  error?: ExportError | null;
  /** Required when leaving `sending`: only the lease holder finishes an export. */
  leaseOwner?: string;
  /**
   * Null clears the mark that a create was sent, so the next attempt writes without looking up first: only for an
   * operator's "not there" (a voucher without a receipt has no lookup, which would only lead back to in_doubt).
   */
  createSentAt?: null;
  /** Also write an outbox row, so a worker is woken for the export (back to `queued`). */
  wake?: boolean;
  /** Recorded in the audit entry beside the state, e.g. who resolved it and why. */
  note?: Record<string, unknown>;
}

/** A lost race is an answer, not an exception: someone else changed the export first, and nothing was written. */
export type LedgerResult =
  | { ok: true; export: ExportEntity }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'lost_race'; current: ExportEntity };

/**
 * A lease this fresh counts as checked: it was taken or extended in the database (a claim, a guarded update) within
 * the last second, so nobody can take it over for another `ttlMs - 1 s` — a second check right before the provider
 * call would only wait for the write lane to say the same.
 */
export const FRESH_LEASE_MS = 1_000;

/** Whether `owner` holds `row`'s lease as taken or extended within FRESH_LEASE_MS (by the expiry it was given). */
export function leaseIsFresh(row: ExportEntity, owner: string, ttlMs: number, now = Date.now()): boolean {
  if (row.state !== 'sending' || row.leaseOwner !== owner || !row.leaseExpiresAt) return false;
  return row.leaseExpiresAt.getTime() - now >= ttlMs - FRESH_LEASE_MS;
}

/**
 * The export state machine. Every change is one guarded UPDATE (expected state, and lease owner where it matters)
 * whose affected-row count decides, committed with its audit entry in one database transaction.
 */
@Injectable()
export class ExportLedger {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  /** Moves an export from `from` to `to` if it is still in `from` (and, leaving `sending`, still leased by the caller). */
  async transition(
    exportId: string,
    companyId: string,
    from: ExportState,
    to: ExportState,
    change: TransitionChange,
    actor: string,
  ): Promise<LedgerResult> {
    guardMove(from, to, change);
    return this.audit.transaction(companyId, async (tx) => {
      if (!(await this.guardedUpdate(tx, exportId, companyId, from, to, change)))
        return this.lost(tx, exportId, companyId);
      if (change.wake) await writeOutbox(tx, companyId, [exportId]);
      const row = await tx.getRepository(ExportEntity).findOneByOrFail({ id: exportId });
      await this.audit.record(moveEvent(companyId, actor, exportId, from, to, row, change), tx);
      return { ok: true, export: row };
    });
  }

  /**
   * Many transitions of one company's exports in one database transaction (a journal batch's outcomes): each still
   * its own guarded UPDATE and audit entry, answered in order; one commit instead of one per export.
   */
  async transitionMany(
    companyId: string,
    moves: ReadonlyArray<{ exportId: string; from: ExportState; to: ExportState; change: TransitionChange }>,
    actor: string,
  ): Promise<LedgerResult[]> {
    for (const { from, to, change } of moves) guardMove(from, to, change);
    if (moves.length === 0) return [];
    return this.audit.transaction(companyId, async (tx) => {
      const moved: boolean[] = [];
      for (const m of moves) moved.push(await this.guardedUpdate(tx, m.exportId, companyId, m.from, m.to, m.change));
      const wake = moves.filter((m, i) => moved[i] && m.change.wake).map((m) => m.exportId);
      await writeOutbox(tx, companyId, wake);
      const ids = moves.filter((_, i) => moved[i]).map((m) => m.exportId);
      const rows = new Map<string, ExportEntity>();
      for (let i = 0; i < ids.length; i += 500)
        for (const row of await tx.getRepository(ExportEntity).findBy({ id: In(ids.slice(i, i + 500)) }))
          rows.set(row.id, row);
      await this.audit.recordMany(
        moves
          .filter((_, i) => moved[i])
          .map((m) => moveEvent(companyId, actor, m.exportId, m.from, m.to, rows.get(m.exportId)!, m.change)),
        tx,
      );
      const results: LedgerResult[] = [];
      for (const [i, m] of moves.entries())
        results.push(
          moved[i] ? { ok: true, export: rows.get(m.exportId)! } : await this.lost(tx, m.exportId, companyId),
        );
      return results;
    });
  }

  /**
   * transition() out of `sending` for the lease holder, given the row its claim answered: under the lease nobody
   * else changes what the audit entry records (state, attempts, provider id, error), so the entry is made from that
   * row and the change, with no read. Answers whether it moved (false: the lease was lost, nothing written).
   */
  async finishLeased(
    claimed: ExportEntity,
    to: ExportState,
    change: TransitionChange & { leaseOwner: string },
    actor: string,
  ): Promise<boolean> {
    guardMove('sending', to, change);
    const { id, companyId } = claimed;
    return this.audit.transaction(companyId, async (tx) => {
      if (!(await this.guardedUpdate(tx, id, companyId, 'sending', to, change))) return false;
      if (change.wake) await writeOutbox(tx, companyId, [id]);
      const row = Object.assign(new ExportEntity(), claimed, changeSet('sending', to, change));
      await this.audit.record(moveEvent(companyId, actor, id, 'sending', to, row, change), tx);
      return true;
    });
  }

  /** The one guarded UPDATE of a transition; true when it moved the export. */
  private async guardedUpdate(
    tx: EntityManager,
    exportId: string,
    companyId: string,
    from: ExportState,
    to: ExportState,
    change: TransitionChange,
  ): Promise<boolean> {
    const where = guardedById(
      'id = :exportId',
      `company_id = :companyId AND state = :from${from === 'sending' ? ' AND lease_owner = :owner' : ''}`,
    );
    const params = { exportId, companyId, from, owner: change.leaseOwner };
    return (await updateWhere(tx, ExportEntity, changeSet(from, to, change), where, params)) === 1;
  }

  /**
   * Takes the export for `owner` until now + `ttlMs`: from `queued`, or from `sending` whose lease has expired
   * (its worker died or stalled). Counts an attempt. Two claims at once: exactly one wins.
   *
   * `seen`: the row as the caller read it just before. The claim then also expects its state and attempts, and no
   * read is needed before or after: only a claim counts an attempt and `queued` leaves only by a claim, so an
   * export with the same state and attempts has not changed since (an expired lease's holder can no longer write
   * under it), and the claimed row is `seen` with the lease taken.
   */
  async claim(
    exportId: string,
    companyId: string,
    owner: string,
    ttlMs: number,
    seen?: ExportEntity,
  ): Promise<LedgerResult> {
    return this.audit.transaction(companyId, async (tx) => {
      const before = seen ?? (await tx.getRepository(ExportEntity).findOneBy({ id: exportId, companyId }));
      if (!before) return { ok: false, reason: 'not_found' } as const;
      const now = new Date();
      const expected = seen && { state: seen.state, attempts: seen.attempts };
      const affected = await takeLeases(tx, [exportId], companyId, owner, ttlMs, now, expected);
      if (affected !== 1) return this.lost(tx, exportId, companyId);
      const row: ExportEntity = seen
        ? Object.assign(new ExportEntity(), seen, {
            state: 'sending',
            leaseOwner: owner,
            leaseExpiresAt: new Date(now.getTime() + ttlMs),
            attempts: seen.attempts + 1,
            updatedAt: now,
          })
        : await tx.getRepository(ExportEntity).findOneByOrFail({ id: exportId });
      await this.audit.record(
        {
          companyId,
          actor: WORKER_ACTOR,
          action: before.state === 'sending' ? 'export.lease_taken_over' : 'export.sending',
          subjectType: 'export',
          subjectId: exportId,
          before: { state: before.state, leaseOwner: before.leaseOwner },
          after: { ...summary(row), leaseOwner: owner },
        },
        tx,
      );
      return { ok: true, export: row };
    });
  }

  /**
   * claim() for many exports of one company in one database transaction: one guarded UPDATE takes those still
   * claimable (queued, or sending with an expired lease), an audit entry each; the ids given, or chosen by `pick` in
   * the transaction. `owner` must be unique to this call (a batch's own lease owner): the rows it holds afterwards
   * are exactly the ones this call took.
   */
  async claimMany(
    pick: readonly string[] | ((tx: EntityManager) => Promise<string[]>),
    companyId: string,
    owner: string,
    ttlMs: number,
  ): Promise<ExportEntity[]> {
    if (Array.isArray(pick) && pick.length === 0) return [];
    return this.audit.transaction(companyId, async (tx) => {
      // Chosen inside the transaction when asked: then what other claims on the lane took first is already seen.
      const exportIds = typeof pick === 'function' ? await pick(tx) : (pick as readonly string[]);
      const repo = tx.getRepository(ExportEntity);
      const claimed: ExportEntity[] = [];
      for (let i = 0; i < exportIds.length; i += 500) {
        const ids = exportIds.slice(i, i + 500);
        const before = new Map((await repo.findBy({ id: In(ids), companyId })).map((row) => [row.id, row]));
        await takeLeases(tx, ids, companyId, owner, ttlMs);
        const taken = await repo.findBy({ id: In(ids), companyId, state: 'sending', leaseOwner: owner });
        await this.audit.recordMany(
          taken.map((row) => {
            const was = before.get(row.id);
            return {
              companyId,
              actor: WORKER_ACTOR,
              action: was?.state === 'sending' ? 'export.lease_taken_over' : 'export.sending',
              subjectType: 'export',
              subjectId: row.id,
              before: { state: was?.state ?? null, leaseOwner: was?.leaseOwner ?? null },
              after: { ...summary(row), leaseOwner: owner },
            };
          }),
          tx,
        );
        claimed.push(...taken);
      }
      const order = new Map(exportIds.map((id, i) => [id, i]));
      return claimed.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    });
  }

  /**
   * Pushes the leases to now + `ttlMs` where `owner` still holds them (unexpired): one guarded UPDATE right before a
   * provider call, on the company's lane (so it shares a commit with the other writes waiting there). Answers the
   * exports still held. An UPDATE rather than a read, so on PostgreSQL it waits for (and then loses to) a takeover.
   */
  async extendLeases(exportIds: readonly string[], companyId: string, owner: string, ttlMs: number) {
    return this.setUnderLease(exportIds, companyId, owner, ttlMs, {});
  }

  /**
   * A change of leased exports (e.g. the receipt's handle, the mark that a create is sent) in the same guarded UPDATE
   * that checks and extends their lease: written only where `owner` still holds it. Answers the exports it changed.
   */
  async setUnderLease(
    exportIds: readonly string[],
    companyId: string,
    owner: string,
    ttlMs: number,
    set: Pick<Partial<ExportEntity>, 'attachmentRef' | 'createSentAt'>,
  ): Promise<Set<string>> {
    if (exportIds.length === 0) return new Set();
    return this.audit.transaction(companyId, async (tx) => {
      const now = new Date();
      const until = new Date(now.getTime() + ttlMs);
      const held = new Set<string>();
      for (let i = 0; i < exportIds.length; i += 500) {
        const ids = exportIds.slice(i, i + 500);
        const guards = "company_id = :companyId AND state = 'sending' AND lease_owner = :owner";
        const where = guardedById('id IN (:...ids)', `${guards} AND lease_expires_at > :now`);
        const params = { ids, companyId, owner, now };
        const affected = await updateWhere(tx, ExportEntity, { ...set, leaseExpiresAt: until }, where, params);
        if (!affected) continue;
        if (ids.length === 1 && affected === 1) held.add(ids[0]!);
        else
          for (const row of await tx
            .getRepository(ExportEntity)
            .createQueryBuilder('e')
            .select('e.id', 'id')
            .where(guardedById('id IN (:...ids)', `${guards} AND lease_expires_at = :until`), {
              ids,
              companyId,
              owner,
              until,
            })
            .getRawMany<{ id: string }>())
            held.add(row.id);
      }
      return held;
    });
  }

  private async lost(tx: EntityManager, exportId: string, companyId: string): Promise<LedgerResult> {
    const current = await tx.getRepository(ExportEntity).findOneBy({ id: exportId, companyId });
    return current ? { ok: false, reason: 'lost_race', current } : { ok: false, reason: 'not_found' };
  }
}

/**
 * The claim's one guarded UPDATE: queued exports, or sending ones whose lease expired, leased to `owner`; with
 * `expected`, only an export still in that state with that many attempts.
 */
async function takeLeases(
  tx: EntityManager,
  ids: string[],
  companyId: string,
  owner: string,
  ttlMs: number,
  now = new Date(),
  expected?: { state: ExportState; attempts: number },
): Promise<number> {
  const set = {
    state: 'sending' as const,
    leaseOwner: owner,
    leaseExpiresAt: new Date(now.getTime() + ttlMs),
    attempts: () => 'attempts + 1',
  };
  const where = guardedById(
    'id IN (:...ids)',
    "company_id = :companyId AND (state = 'queued' OR (state = 'sending' AND lease_expires_at < :now))" +
      (expected ? ' AND state = :expectedState AND attempts = :expectedAttempts' : ''),
  );
  const params = { ids, companyId, now, expectedState: expected?.state, expectedAttempts: expected?.attempts };
  return updateWhere(tx, ExportEntity, set, where, params);
}

/** The columns a transition sets, by the entity's property names. */
function changeSet(from: ExportState, to: ExportState, change: TransitionChange): Partial<ExportEntity> {
  const set: Partial<ExportEntity> = { state: to };
  if (change.providerId !== undefined) set.providerId = change.providerId;
  if (change.providerStatus !== undefined) set.providerStatus = change.providerStatus;
  if (change.providerVersion !== undefined) set.providerVersion = change.providerVersion;
  if (change.providerVoucherNumber !== undefined) set.providerVoucherNumber = change.providerVoucherNumber;
  if (change.createSentAt !== undefined) set.createSentAt = change.createSentAt;
  if (change.error !== undefined) {
    set.lastErrorCode = change.error?.code ?? null;
    set.lastErrorMessage = change.error?.message.slice(0, 2000) ?? null;
  }
  if (from === 'sending') Object.assign(set, { leaseOwner: null, leaseExpiresAt: null });
  return set;
}

/** Into `sending` only through claim(), which takes the lease with it; leaving it only by the lease holder. */
function guardMove(from: ExportState, to: ExportState, change: TransitionChange): void {
  if (!isAllowedTransition(from, to) || to === 'sending') throw new InvalidTransitionError(from, to);
  if (from === 'sending' && !change.leaseOwner) throw new Error('Leaving sending needs the lease owner.');
}

function moveEvent(
  companyId: string,
  actor: string,
  exportId: string,
  from: ExportState,
  to: ExportState,
  row: ExportEntity,
  change: TransitionChange,
) {
  return {
    companyId,
    actor,
    action: `export.${to}`,
    subjectType: 'export',
    subjectId: exportId,
    before: { state: from },
    after: { ...summary(row), ...(change.note && { note: change.note }) },
  };
}

/** What the audit entry records of an export: its state and outcome, never a payload or a credential. */
function summary(row: ExportEntity): Record<string, unknown> {
  return {
    state: row.state,
    attempts: row.attempts,
    transactionId: row.transactionId,
    transactionVersion: row.transactionVersion,
    providerKey: row.providerKey,
    providerId: row.providerId,
    providerVoucherNumber: row.providerVoucherNumber,
    lastErrorCode: row.lastErrorCode,
    lastErrorMessage: row.lastErrorMessage,
  };
}
