import { randomUUID } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditTrail } from '@ledgerbridge/audit';
import {
  ConnectionEntity,
  EXPORT_STATES,
  ExportBatchEntity,
  ExportEntity,
  TransactionEntity,
  type ExportState,
} from '@ledgerbridge/persistence';
import { WakeSignal } from '@ledgerbridge/queue';
import { DataSource, EntityManager, In } from 'typeorm';
import { exportIdOf } from './export-id';
import { ExportLedger, type LedgerResult } from './export-ledger';
import { OUTBOX_WAKE, writeOutbox } from './outbox-writes';
import { RE_EXPORTABLE_STATES, SETTLED_STATES } from './export-transitions';
import { lockTransactions } from './transaction-locks';

/** Why a request cannot be done; the host turns each into its HTTP answer. */
export class ExportRequestError extends Error {
  constructor(
    readonly reason: 'no_provider' | 'unknown_transactions' | 'transaction_not_found' | 'not_exported' | 'wrong_state',
    message: string,
    /** unknown_transactions: the ids that do not exist in this company. */
    readonly ids: string[] = [],
    readonly current?: ExportState,
  ) {
    super(message);
  }
}

export interface BatchView {
  id: string;
  companyId: string;
  requestedAt: string;
  requested: number;
  queued: number;
  skipped: number;
  total: number;
  settled: number;
  /** 0–100: the share of the batch's exports that are settled (exported, booked or waiting for a person). */
  progress: number;
  counts: Record<ExportState, number>;
}

export type Selection = { transactionIds: string[] } | { all: 'ready' };
export type Resolution = { providerId: string } | { notThere: true };

/** What the API asks of the export pipeline: batches of exports, re-exports, operator resolutions, reads. */
@Injectable()
export class ExportRequests {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly ledger: ExportLedger,
    @Optional() private readonly wake?: WakeSignal,
  ) {}

  /** After a commit that wrote outbox rows: the relays take them now instead of at their next tick. */
  private nudgeRelays(): void {
    void this.wake?.notify(OUTBOX_WAKE);
  }

  /**
   * One export row per transaction not yet exported in its current version, its outbox row and the batch, in
   * one database transaction. A transaction that already has one is skipped: its export id is its unique key.
   */
  async request(companyId: string, selection: Selection, actor: string): Promise<BatchView> {
    const provider = await this.providerOf(companyId);
    const batchId = randomUUID();
    await this.audit.transaction(companyId, async (tx) => {
      // The transactions' rows are taken before anything is read of their exports: a receipt change under way
      // finishes first (this export then uploads the new receipt), a later one waits and is refused.
      const chosen = await lockTransactions(tx, companyId, await this.select(tx, companyId, provider, selection));
      const ids = chosen.map((t) => exportIdOf(companyId, t.id, t.version, provider));
      const existing = new Set<string>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await tx
          .getRepository(ExportEntity)
          .find({ select: { id: true }, where: { id: In(ids.slice(i, i + 500)) } });
        rows.forEach((r) => existing.add(r.id));
      }
      const fresh = chosen
        .map((t, i) => ({ t, id: ids[i] as string }))
        .filter(({ id }) => !existing.has(id))
        .map(({ t, id }) => ({
          id,
          companyId,
          transactionId: t.id,
          transactionVersion: t.version,
          providerKey: provider,
          state: 'queued' as const,
          batchId,
        }));
      await tx.getRepository(ExportBatchEntity).insert({
        id: batchId,
        companyId,
        requestedBy: actor,
        requestedCount: chosen.length,
        queuedCount: fresh.length,
        skippedCount: chosen.length - fresh.length,
      });
      for (let i = 0; i < fresh.length; i += 200) await tx.getRepository(ExportEntity).insert(fresh.slice(i, i + 200));
      await writeOutbox(
        tx,
        companyId,
        fresh.map((f) => f.id),
      );
      await this.audit.record(
        {
          companyId,
          actor,
          action: 'export.batch_requested',
          subjectType: 'export_batch',
          subjectId: batchId,
          after: { provider, requested: chosen.length, queued: fresh.length, skipped: chosen.length - fresh.length },
        },
        tx,
      );
    });
    this.nudgeRelays();
    return (await this.batch(companyId, batchId)) as BatchView;
  }

  async batch(companyId: string, batchId: string): Promise<BatchView | null> {
    const batch = await this.dataSource.getRepository(ExportBatchEntity).findOneBy({ id: batchId, companyId });
    if (!batch) return null;
    const rows = (await this.dataSource
      .getRepository(ExportEntity)
      .createQueryBuilder('e')
      .select('e.state', 'state')
      .addSelect('COUNT(*)', 'n')
      .where('e.batch_id = :batchId', { batchId })
      .groupBy('e.state')
      .getRawMany()) as { state: ExportState; n: string | number }[];
    const counts = Object.fromEntries(EXPORT_STATES.map((s) => [s, 0])) as Record<ExportState, number>;
    for (const r of rows) counts[r.state] = Number(r.n);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const settled = SETTLED_STATES.reduce((sum, s) => sum + counts[s], 0);
    return {
      id: batch.id,
      companyId,
      requestedAt: batch.requestedAt.toISOString(),
      requested: batch.requestedCount,
      queued: batch.queuedCount,
      skipped: batch.skippedCount,
      total,
      settled,
      progress: total === 0 ? 100 : Math.floor((settled * 100) / total),
      counts,
    };
  }

  /**
   * A new attempt for `failed` or `needs_attention` (nothing was written, so the same export id is safe); a new
   * version of the transaction, so a new export id, for `deleted_in_provider`.
   */
  async reExport(companyId: string, transactionId: string, actor: string): Promise<ExportEntity> {
    const { transaction, current } = await this.currentOf(companyId, transactionId);
    if (!RE_EXPORTABLE_STATES.includes(current.state))
      throw wrongState(current.state, `re-export needs ${RE_EXPORTABLE_STATES.join(', ')}`);
    if (current.state !== 'deleted_in_provider') {
      const moved = await this.ledger.transition(
        current.id,
        companyId,
        current.state,
        'queued',
        { wake: true, note: { reExport: 'new attempt' } },
        actor,
      );
      if (moved.ok) this.nudgeRelays();
      return settledOrRace(moved);
    }
    const version = transaction.version + 1;
    const id = exportIdOf(companyId, transactionId, version, current.providerKey);
    await this.audit.transaction(companyId, async (tx) => {
      // Guarded like a transition: a concurrent re-export that already made the new version wins, this one stops.
      const { affected } = await tx
        .createQueryBuilder()
        .update(TransactionEntity)
        .set({ version })
        .where('id = :transactionId AND company_id = :companyId AND version = :old', {
          transactionId,
          companyId,
          old: transaction.version,
        })
        .execute();
      if (affected !== 1) throw wrongState(current.state, 'another re-export changed it first');
      await tx.getRepository(ExportEntity).insert({
        id,
        companyId,
        transactionId,
        transactionVersion: version,
        providerKey: current.providerKey,
        state: 'queued',
        batchId: null,
      });
      await writeOutbox(tx, companyId, [id]);
      await this.audit.record(
        {
          companyId,
          actor,
          action: 'export.queued',
          subjectType: 'export',
          subjectId: id,
          before: { state: current.state, exportId: current.id, transactionVersion: transaction.version },
          after: { state: 'queued', transactionVersion: version, note: { reExport: 'new version' } },
        },
        tx,
      );
    });
    this.nudgeRelays();
    return this.dataSource.getRepository(ExportEntity).findOneByOrFail({ id });
  }

  /** An operator settles an `in_doubt` export: found by hand in the provider (exported), or not there (sent again). */
  async resolve(
    companyId: string,
    transactionId: string,
    resolution: Resolution,
    actor: string,
  ): Promise<ExportEntity> {
    const { current } = await this.currentOf(companyId, transactionId);
    if (current.state !== 'in_doubt') throw wrongState(current.state, 'resolve needs in_doubt');
    const moved =
      'providerId' in resolution
        ? await this.ledger.transition(
            current.id,
            companyId,
            'in_doubt',
            'exported',
            { providerId: resolution.providerId, error: null, note: { resolved: 'found in the provider by hand' } },
            actor,
          )
        : await this.ledger.transition(
            current.id,
            companyId,
            'in_doubt',
            'queued',
            // The operator's word is the confirmed absence a new create needs: no lookup stands in its way.
            { wake: true, createSentAt: null, note: { resolved: 'not in the provider: send again' } },
            actor,
          );
    if (moved.ok && moved.export.state === 'queued') this.nudgeRelays();
    return settledOrRace(moved);
  }

  /** The export of each transaction's current version (the newest, if it went to more than one provider). */
  async currentExports(companyId: string, transactions: Pick<TransactionEntity, 'id' | 'version'>[]) {
    const byTransaction = new Map<string, ExportEntity>();
    if (transactions.length === 0) return byTransaction;
    const rows = await this.dataSource.getRepository(ExportEntity).find({
      where: { companyId, transactionId: In(transactions.map((t) => t.id)) },
      order: { createdAt: 'ASC' },
    });
    const versionOf = new Map(transactions.map((t) => [t.id, t.version]));
    for (const r of rows)
      if (versionOf.get(r.transactionId) === r.transactionVersion) byTransaction.set(r.transactionId, r);
    return byTransaction;
  }

  private async currentOf(companyId: string, transactionId: string) {
    const transaction = await this.dataSource
      .getRepository(TransactionEntity)
      .findOneBy({ id: transactionId, companyId });
    if (!transaction) throw new ExportRequestError('transaction_not_found', 'Transaction was not found.');
    const current = (await this.currentExports(companyId, [transaction])).get(transactionId);
    if (!current) throw new ExportRequestError('not_exported', 'The transaction has not been exported yet.');
    return { transaction, current };
  }

  private async providerOf(companyId: string): Promise<string> {
    const connection = await this.dataSource
      .getRepository(ConnectionEntity)
      .findOneBy({ companyId, status: 'connected' });
    if (!connection)
      throw new ExportRequestError('no_provider', 'The company has no connected accounting provider to export to.');
    return connection.providerKey;
  }

  private async select(tx: EntityManager, companyId: string, provider: string, selection: Selection) {
    const repo = tx.getRepository(TransactionEntity);
    if ('all' in selection)
      return repo
        .createQueryBuilder('t')
        .select(['t.id', 't.version'])
        .where('t.company_id = :companyId', { companyId })
        .andWhere(
          'NOT EXISTS (SELECT 1 FROM exports e WHERE e.company_id = t.company_id AND e.transaction_id = t.id ' +
            'AND e.transaction_version = t.version AND e.provider_key = :provider)',
          { provider },
        )
        .orderBy('t.booked_on', 'ASC')
        .addOrderBy('t.id', 'ASC')
        .getMany();
    const wanted = [...new Set(selection.transactionIds)];
    const found: TransactionEntity[] = [];
    for (let i = 0; i < wanted.length; i += 500)
      found.push(
        ...(await repo.find({
          select: { id: true, version: true },
          where: { companyId, id: In(wanted.slice(i, i + 500)) },
        })),
      );
    const known = new Set(found.map((t) => t.id));
    const unknown = wanted.filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw new ExportRequestError('unknown_transactions', 'Some transactions do not exist in this company.', unknown);
    return found;
  }
}

function wrongState(current: ExportState, why: string): ExportRequestError {
  return new ExportRequestError('wrong_state', `The export is ${current}: ${why}.`, [], current);
}

function settledOrRace(result: LedgerResult): ExportEntity {
  if (result.ok) return result.export;
  if (result.reason === 'not_found') throw new ExportRequestError('not_exported', 'The export was not found.');
  throw wrongState(result.current.state, 'it changed while this request ran');
}
