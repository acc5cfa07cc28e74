import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ConnectorRegistry,
  externalRef,
  type Connector,
  type ProviderChange,
  type ProviderConnection,
  type TrackedDocument,
} from '@ledgerbridge/connector-sdk';
import { ConnectionEntity, ExportEntity } from '@ledgerbridge/persistence';
import { PacingBudget, pacingPlan } from '@ledgerbridge/queue';
import { DataSource } from 'typeorm';
import { ExportLedger, WORKER_ACTOR } from './export-ledger';
import { EXPORT_WORKER_OPTIONS, type ExportWorkerOptions } from './export-worker-options';
import { EXPORT_CONNECTIONS, type ExportConnections } from './export-write-ports';

/** Calls planned per status read: a voucher is read one call each, ledger items one call per thousand. */
export const VOUCHERS_PER_READ = 20;
export const JOURNAL_ENTRIES_PER_READ = 1000;
/** One status job spends at most this share (1/4) of the organization's allowance: the rest stays for exports. */
export const STATUS_SHARE_OF_BUDGET = 4;

export interface FollowResult {
  watched: number;
  booked: number;
  deleted: number;
}

const NOTHING: FollowResult = { watched: 0, booked: 0, deleted: 0 };

/**
 * Follows exported documents at the provider: an accountant's Godkend (or Dinero's asynchronous booking) moves an
 * export `exported → booked`, a deleted draft `exported → deleted_in_provider`. Only `exported` is watched: a booked
 * Dinero voucher cannot be deleted, only credited by a new voucher (INTEGRATION.md), which is not ours to follow.
 */
@Injectable()
export class StatusFollower {
  private readonly logger = new Logger(StatusFollower.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: ExportLedger,
    private readonly registry: ConnectorRegistry,
    private readonly pacing: PacingBudget,
    @Inject(EXPORT_CONNECTIONS) private readonly connections: ExportConnections,
    @Inject(EXPORT_WORKER_OPTIONS) private readonly options: ExportWorkerOptions,
  ) {}

  /** The companies with at least one export waiting for the provider's booking. */
  async companiesToFollow(): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(ExportEntity)
      .createQueryBuilder('e')
      .select('e.company_id', 'companyId')
      .distinct(true)
      .where("e.state = 'exported' AND e.provider_id IS NOT NULL")
      .getRawMany<{ companyId: string }>();
    return rows.map((r) => r.companyId);
  }

  /**
   * Reads the current state of the company's exported documents, each read paid from the organization's budget
   * (a spent budget throws PutBack: the job comes back at its turn), and applies what changed. Idempotent.
   */
  async follow(companyId: string): Promise<FollowResult> {
    const m = this.dataSource.manager;
    const stored = await m.findOneBy(ConnectionEntity, { companyId, status: 'connected' });
    if (!stored || !this.registry.has(stored.providerKey)) return NOTHING;
    const connector = this.registry.get(stored.providerKey);
    // A provider without status tracking leaves its exports `exported`.
    const changesSince = connector.changesSince?.bind(connector);
    if (!connector.capabilities.statusTracking || !changesSince) return NOTHING;
    const rows = await m
      .getRepository(ExportEntity)
      .createQueryBuilder('e')
      .innerJoinAndSelect('e.transaction', 't')
      .where("e.company_id = :companyId AND e.state = 'exported' AND e.provider_id IS NOT NULL", { companyId })
      .andWhere('e.provider_key = :key', { key: stored.providerKey })
      // Longest-unread first (never read before all), so a backlog of drafts is read in turns, not the same ones.
      .orderBy('CASE WHEN e.status_checked_at IS NULL THEN 0 ELSE 1 END', 'ASC')
      .addOrderBy('e.status_checked_at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(this.options.statusBatchSize)
      .getMany();
    if (rows.length === 0) return NOTHING;
    const allowance = this.connections.allowance(stored.providerKey, stored.authMethod);
    const scope = `${stored.providerKey}:${stored.organizationId}`;
    const cap = Math.max(1, Math.floor(pacingPlan(allowance).requests / STATUS_SHARE_OF_BUDGET));
    const chunks = readChunks(rows, cap);
    const result = { watched: chunks.reduce((n, c) => n + c.rows.length, 0), booked: 0, deleted: 0 };
    for (const chunk of chunks) {
      const calls = chunk.calls;
      const reservation = await this.pacing.reserveOrPutBack(scope, allowance, calls);
      const connection = this.connections.forStored(stored, reservation);
      const changes = await readAll(changesSince, connection, chunk.watched);
      await this.stampChecked(chunk.rows);
      const applied = await this.apply(companyId, chunk.rows, changes);
      result.booked += applied.booked;
      result.deleted += applied.deleted;
    }
    return result;
  }

  /** Not a state change (no audit entry, `updated_at` kept): only the order of the next reads. */
  private async stampChecked(rows: ExportEntity[]): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(ExportEntity)
      .set({ statusCheckedAt: new Date(), updatedAt: () => 'updated_at' })
      .where('id IN (:...ids)', { ids: rows.map((r) => r.id) })
      .updateEntity(false)
      .execute();
  }

  private async apply(companyId: string, rows: ExportEntity[], changes: ProviderChange[]) {
    const byId = new Map(rows.map((r) => [providerIdOf(r).toLowerCase(), r]));
    const applied = { booked: 0, deleted: 0 };
    for (const change of changes) {
      const row = byId.get(change.providerId.toLowerCase());
      if (!row) continue;
      if (change.status === 'booked') {
        const moved = await this.ledger.transition(
          row.id,
          companyId,
          'exported',
          'booked',
          {
            providerStatus: 'booked',
            ...(change.providerVersion !== undefined && { providerVersion: change.providerVersion }),
            ...(change.voucherNumber !== undefined && { providerVoucherNumber: change.voucherNumber }),
          },
          WORKER_ACTOR,
        );
        if (moved.ok) applied.booked++;
      } else if (change.status === 'deleted') {
        const message = `${row.providerKey} no longer holds ${row.providerId}: it was deleted there before booking. Re-export to send it again.`;
        const moved = await this.ledger.transition(
          row.id,
          companyId,
          'exported',
          'deleted_in_provider',
          { providerStatus: 'deleted', error: { code: 'deleted_in_provider', message } },
          WORKER_ACTOR,
        );
        if (moved.ok) applied.deleted++;
      }
      // draft / pending: still waiting for the accountant or the booking; nothing to write.
    }
    if (applied.booked + applied.deleted > 0) {
      this.logger.log(`Company ${companyId}: ${applied.booked} booked, ${applied.deleted} deleted in the provider.`);
    }
    return applied;
  }
}

// Only rows with a provider id are selected; the fallback never matches a change.
const providerIdOf = (row: ExportEntity) => row.providerId ?? '';

/** Every page of changes for `watched` (a provider may page its answer; a page beyond the plan takes afresh). */
async function readAll(
  changesSince: NonNullable<Connector['changesSince']>,
  connection: ProviderConnection,
  watched: TrackedDocument[],
): Promise<ProviderChange[]> {
  const changes: ProviderChange[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = await changesSince(connection, cursor, watched);
    changes.push(...page.changes);
    if (!page.hasMore) return changes;
    cursor = page.nextCursor;
  }
}

const isVoucher = (row: ExportEntity) =>
  row.transaction?.kind === 'card_expense' || row.transaction?.kind === 'out_of_pocket_expense';

/** Splits the watched exports into reads of a known cost (ledger items by the thousand, vouchers by twenty), `cap` calls in all. */
function readChunks(rows: ExportEntity[], cap: number) {
  const tracked = (row: ExportEntity): TrackedDocument => ({
    providerId: providerIdOf(row),
    kind: isVoucher(row) ? 'expenseVoucher' : 'journalEntry',
    externalRef: externalRef(`lb-export-${row.id}`),
  });
  const chunks: { rows: ExportEntity[]; watched: TrackedDocument[]; calls: number }[] = [];
  const entries = rows.filter((r) => !isVoucher(r));
  const vouchers = rows.filter(isVoucher);
  let left = cap;
  for (let i = 0; i < entries.length && left > 0; i += JOURNAL_ENTRIES_PER_READ, left--) {
    const part = entries.slice(i, i + JOURNAL_ENTRIES_PER_READ);
    chunks.push({ rows: part, watched: part.map(tracked), calls: 1 });
  }
  for (let i = 0; i < vouchers.length && left > 0; i += VOUCHERS_PER_READ) {
    const part = vouchers.slice(i, i + Math.min(VOUCHERS_PER_READ, left));
    chunks.push({ rows: part, watched: part.map(tracked), calls: part.length });
    left -= part.length;
  }
  return chunks;
}
