import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { mapTransaction, type MappingResult } from '@ledgerbridge/mapping';
import {
  CategoryEntity,
  CompanyEntity,
  CompanySetupEntity,
  ExportEntity,
  findRow,
  LedgerAccountEntity,
  TaxCodeEntity,
  TransactionEntity,
} from '@ledgerbridge/persistence';
import { ConnectorError } from '@ledgerbridge/connector-sdk';
import { isPutBack, JobQueue, PutBack, retryDelayMs } from '@ledgerbridge/queue';
import { DataSource, EntityNotFoundError } from 'typeorm';
import { ExportLedger, WORKER_ACTOR, type TransitionChange } from './export-ledger';
import {
  EXPORT_WRITER,
  type ExportRunOutcome,
  type ExportRunRequest,
  type ExportRunner,
  type ExportWriter,
  type JournalItem,
  type WriteOutcome,
} from './export-runner';
import { gatherJournalItems } from './journal-batch';
import { EXPORT_WORKER_OPTIONS, type ExportWorkerOptions } from './export-worker-options';
import { chartFactsOf, mappingTransactionOf } from './mapping-input';

/**
 * Runs one export as the ledger allows: maps it with the same inputs the preview uses, parks what the rules refuse
 * in `needs_attention` (never sent), and hands the rest, under a lease checked right before, to the ExportWriter.
 */
@Injectable()
export class LedgerExportRunner implements ExportRunner {
  private readonly logger = new Logger(LedgerExportRunner.name);
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly books = new Map<string, { at: number; books: Promise<CompanyBooks> }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: ExportLedger,
    @Inject(EXPORT_WRITER) private readonly writer: ExportWriter,
    @Inject(EXPORT_WORKER_OPTIONS) private readonly options: ExportWorkerOptions,
    @Optional() private readonly jobs?: JobQueue,
  ) {}

  async run({ companyId, exportId }: ExportRunRequest): Promise<ExportRunOutcome> {
    const row = await findRow(this.dataSource.manager, ExportEntity, { id: exportId, companyId });
    const leaseExpired = row?.state === 'sending' && (row.leaseExpiresAt?.getTime() ?? 0) < Date.now();
    if (!row || !(row.state === 'queued' || leaseExpired)) return 'not_pending';
    const mapped = await this.map(row);
    if (mapped.kind !== 'needs_attention' && !this.writer.built) {
      await this.writer.write(row, mapped, this.owner);
      return 'write_not_built';
    }
    // A spent budget throws a PutBack here, before the claim: the job comes back at its turn, the export stays queued.
    const prepared = mapped.kind !== 'needs_attention' ? await this.writer.prepare?.(row, mapped) : undefined;
    const batchLimit = this.writer.journalBatchLimit?.(prepared) ?? 0;
    if (mapped.kind === 'journal_entry' && batchLimit > 0)
      return this.runJournalBatch(row, mapped.entry, batchLimit, prepared);
    // The row read above is expected unchanged, so the claim needs no read of its own (ExportLedger.claim).
    const claim = await this.ledger.claim(exportId, companyId, this.owner, this.options.leaseTtlMs, row);
    if (!claim.ok) return 'lost_race';
    if (mapped.kind === 'needs_attention') {
      const message = mapped.reasons.map((r) => r.message).join(' ');
      const codes = [...new Set(mapped.reasons.map((r) => r.code))].join(',');
      await this.finish(claim.export, this.owner, 'needs_attention', {
        error: { code: codes.slice(0, 64), message },
      });
      this.logger.log(`Export ${exportId} of company ${companyId} needs attention: ${message}`);
      return 'needs_attention';
    }
    // Bull's timeout does not stop a processor and a stalled job runs twice: the database decides who may write —
    // the writer checks (and extends) the lease in a guarded update right before each provider call.
    const outcome = await this.writer.write(claim.export, mapped, this.owner, prepared);
    return this.record(claim.export, outcome);
  }

  /**
   * The lead and up to `limit - 1` more of the company's journal entries in one provider call, claimed together, each
   * recording its own result; the lead's job answers for the lead (put back when it was released).
   */
  private async runJournalBatch(
    row: ExportEntity,
    entry: JournalItem['entry'],
    limit: number,
    prepared: unknown,
  ): Promise<ExportRunOutcome> {
    // The batch's own lease owner: the rows it holds are exactly the ones it claimed (ExportLedger.claimMany).
    const owner = `${this.owner}:batch-${randomUUID().slice(0, 8)}`;
    // The lead is claimed with the others in one update: leads running at once do not each send a batch of one.
    const items = await gatherJournalItems(
      this.ledger,
      { row, entry },
      limit,
      (rows, transactions) => this.mapAll(row.companyId, rows, transactions),
      { owner, ttlMs: this.options.leaseTtlMs },
    );
    if (items.length === 0) return 'lost_race';
    const leadClaimed = items[0]!.row.id === row.id;
    // The others' own jobs would only find their exports taken: those still waiting in Bull go (an export released
    // later is woken again, below). Alongside the provider call, never in its way.
    const dropped = this.dropJobsOf(items.filter((item) => item.row.id !== row.id));
    const outcomes = (await this.writer.writeJournalBatch?.(items, owner, prepared)) ?? [];
    const unanswered: WriteOutcome = { kind: 'in_doubt', error: { code: 'answer_lost', message: 'No outcome.' } };
    const settled = items.map((item, i) => ({ row: item.row, outcome: outcomes[i] ?? unanswered }));
    const leadOutcome = leadClaimed ? settled[0]!.outcome : undefined;
    // The usual answer, every item written: one database transaction for all their transitions and audit entries.
    await this.finishExported(
      settled.filter((s) => s.outcome.kind === 'exported'),
      owner,
    );
    for (const [i, { row: itemRow, outcome }] of settled.entries()) {
      if ((leadClaimed && i === 0) || outcome.kind === 'exported') continue;
      // A released item whose own job may be gone is woken unless the lead's put-back job gathers it again.
      const wake = outcome.kind === 'released' && leadOutcome?.kind !== 'released';
      await this.record(itemRow, outcome, wake, owner).catch((err: unknown) => {
        if (!isPutBack(err)) throw err;
      });
    }
    await dropped;
    // Another batch took the lead: it is sent there, and this job has nothing more to answer for.
    if (!leadOutcome) return 'lost_race';
    if (leadOutcome.kind === 'exported') return 'exported';
    return this.record(items[0]!.row, leadOutcome, false, owner);
  }

  /** Drops the waiting Bull jobs of exports this batch claimed; a failure only leaves them to find nothing to do. */
  private async dropJobsOf(items: readonly JournalItem[]): Promise<void> {
    if (!this.jobs || items.length === 0) return;
    await this.jobs.dropWaiting(items.map((item) => item.row.id)).catch((err: unknown) => {
      this.logger.debug(`Batch-mates' jobs stay in Bull (${String(err)}); each finds its export taken.`);
    });
  }

  private async finishExported(done: { row: ExportEntity; outcome: WriteOutcome }[], owner: string): Promise<void> {
    const moves = done.map(({ row, outcome }) => ({
      exportId: row.id,
      from: 'sending' as const,
      to: 'exported' as const,
      change: {
        ...(outcome.kind === 'exported' && {
          providerId: outcome.providerId,
          providerStatus: outcome.providerStatus ?? null,
          providerVersion: outcome.providerVersion ?? null,
        }),
        error: null,
        leaseOwner: owner,
      },
    }));
    const results = await this.ledger.transitionMany(done[0]?.row.companyId ?? '', moves, WORKER_ACTOR);
    for (const [i, result] of results.entries()) {
      if (!result.ok) this.logger.warn(`Export ${moves[i]!.exportId} lost its lease before exported.`);
    }
  }

  /** Writes one export's outcome with its own guarded transition; a release throws the job's PutBack. */
  private async record(
    row: ExportEntity,
    outcome: WriteOutcome,
    wake = false,
    owner = this.owner,
  ): Promise<ExportRunOutcome> {
    if (outcome.kind === 'lease_lost') return 'lease_lost';
    if (outcome.kind === 'exported') {
      await this.finish(row, owner, 'exported', {
        providerId: outcome.providerId,
        providerStatus: outcome.providerStatus ?? null,
        providerVersion: outcome.providerVersion ?? null,
        error: null,
      });
      return 'exported';
    }
    if (outcome.kind === 'released') {
      await this.finish(row, owner, 'queued', { ...(outcome.error && { error: outcome.error }), wake });
      // The same job comes back after the backoff (or the provider's Retry-After); the sweeper is only the fallback.
      const delayMs = retryDelayMs(row.attempts, retryableError(outcome)) ?? 1000;
      throw new PutBack(Date.now() + delayMs, outcome.error?.message ?? 'Nothing was written; sent again later.');
    }
    await this.finish(row, owner, outcome.kind, { error: outcome.error });
    return outcome.kind === 'needs_attention' ? 'needs_attention' : outcome.kind;
  }

  /** Leaves `sending` under the lease `row` was claimed with (the row the claim answered). */
  private async finish(
    row: ExportEntity,
    owner: string,
    to: 'queued' | 'exported' | 'needs_attention' | 'failed' | 'in_doubt',
    change: Omit<TransitionChange, 'leaseOwner'>,
  ): Promise<void> {
    const done = await this.ledger.finishLeased(row, to, { ...change, leaseOwner: owner }, WORKER_ACTOR);
    if (!done) this.logger.warn(`Export ${row.id} of company ${row.companyId} lost its lease before ${to}.`);
  }

  /** The posting rules on the stored transaction, setup, categories and chart; no provider call. */
  private async map(row: ExportEntity): Promise<MappingResult> {
    const where = { id: row.transactionId, companyId: row.companyId };
    const transaction = await findRow(this.dataSource.manager, TransactionEntity, where);
    if (!transaction) throw new EntityNotFoundError(TransactionEntity, where);
    const one = new Map([[transaction.id, transaction]]);
    let [mapped] = await this.mapAll(row.companyId, [row], one);
    // Parked only on books read now: the cause may have been fixed within the second the shared read is kept.
    if (mapped?.kind === 'needs_attention') [mapped] = await this.mapAll(row.companyId, [row], one, true);
    if (!mapped) throw new Error(`Export ${row.id} has no transaction to map.`);
    return mapped;
  }

  /**
   * The company's setup and chart as the rules read them, loaded once per company and second: the jobs of one
   * backlog share one read instead of each loading the whole chart. An export is parked in needs_attention only on a
   * fresh read; a change that makes a sendable export map differently reaches exports a second later at most.
   */
  private booksOf(companyId: string, fresh = false): Promise<CompanyBooks> {
    const now = Date.now();
    const cached = this.books.get(companyId);
    if (!fresh && cached && now - cached.at < BOOKS_FRESH_MS) return cached.books;
    const m = this.dataSource.manager;
    const books = Promise.all([
      m.findOneByOrFail(CompanyEntity, { id: companyId }),
      m.findOneBy(CompanySetupEntity, { companyId }),
      m.findBy(CategoryEntity, { companyId }),
      m.findBy(LedgerAccountEntity, { companyId }),
      m.findBy(TaxCodeEntity, { companyId }),
    ]).then(([company, setup, categories, accounts, taxCodes]) => ({
      company,
      setup,
      chart: chartFactsOf(categories, accounts, taxCodes),
    }));
    this.books.set(companyId, { at: now, books });
    // A failed read is not kept; neither are companies not seen for a while.
    books.catch(() => this.books.delete(companyId));
    for (const [id, entry] of this.books) if (now - entry.at > 60_000) this.books.delete(id);
    return books;
  }

  /** Many exports of one company mapped over one read of its setup and chart; a missing transaction is skipped. */
  private async mapAll(
    companyId: string,
    rows: readonly ExportEntity[],
    transactions: ReadonlyMap<string, TransactionEntity>,
    fresh = false,
  ): Promise<(MappingResult | undefined)[]> {
    const { company, setup, chart } = await this.booksOf(companyId, fresh);
    return rows.map((row) => {
      const transaction = transactions.get(row.transactionId);
      if (!transaction || transaction.companyId !== companyId) return undefined;
      return mapTransaction(mappingTransactionOf(transaction, company.baseCurrency), {
        exportId: row.id,
        booksCurrency: company.baseCurrency,
        setup,
        ...chart,
      });
    });
  }
}

const BOOKS_FRESH_MS = 1_000;

interface CompanyBooks {
  company: CompanyEntity;
  setup: CompanySetupEntity | null;
  chart: ReturnType<typeof chartFactsOf>;
}

// The backoff policy reads a ConnectorError; a release without one waits like an unavailable provider.
function retryableError(outcome: { error?: { message: string }; retryAfterMs?: number }): ConnectorError {
  const options = {
    outcomeUnknown: false,
    ...(outcome.retryAfterMs !== undefined && { retryAfterMs: outcome.retryAfterMs }),
  };
  const code = outcome.retryAfterMs !== undefined ? 'rate_limited' : 'unavailable';
  return new ConnectorError(code, outcome.error?.message ?? 'released', options);
}
