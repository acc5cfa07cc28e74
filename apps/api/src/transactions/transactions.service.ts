import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditTrail } from '@ledgerbridge/audit';
import { ExportRequests } from '@ledgerbridge/exports';
import { CategoryEntity, TransactionEntity, type CompanyEntity } from '@ledgerbridge/persistence';
import { In, Repository } from 'typeorm';
import { ExportDto } from '../exports/export.dto';
import { ApiError, notFound } from '../http/api-errors';
import { ReceiptsService } from '../receipts/receipts.service';
import { isCalendarDate } from './calendar-date';
import {
  contentHash,
  differingFields,
  judgeItem,
  storedContent,
  type CompanyFacts,
  type TransactionContent,
} from './transaction-item';
import {
  TransactionBatchResultDto,
  TransactionDto,
  TransactionPageDto,
  TransactionQueryDto,
  TransactionResultDto,
} from './transaction-view.dto';

/** New transactions per multi-row insert (about 20 columns each: well below either database's parameter limit). */
const INSERT_CHUNK = 100;
const encodeCursor = (t: TransactionEntity) => Buffer.from(`${t.bookedOn}|${t.id}`).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  const [bookedOn, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !isCalendarDate(bookedOn) || !/^[0-9a-f-]{36}$/.test(id ?? ''))
    throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'The request is not valid.', [
      { field: 'cursor', message: 'cursor is not a nextCursor this API answered' },
    ]);
  return [bookedOn as string, id as string];
}

/** The platform's money movements, as received: stored once per platform id, and listed by keyset. */
@Injectable()
export class TransactionsService {
  constructor(
    private readonly audit: AuditTrail,
    @InjectRepository(TransactionEntity) private readonly transactions: Repository<TransactionEntity>,
    @InjectRepository(CategoryEntity) private readonly categories: Repository<CategoryEntity>,
    private readonly receipts: ReceiptsService,
    private readonly exports: ExportRequests,
  ) {}

  /** Fills in each view's receipt with one read per page. */
  private async withReceipts<T extends TransactionDto>(companyId: string, views: T[]): Promise<T[]> {
    const found = await this.receipts.summaries(
      companyId,
      views.map((v) => v.id),
    );
    for (const view of views) view.receipt = found.get(view.id) ?? null;
    return views;
  }

  /** Judges each item on its own, in order, and stores the good new ones; one bad item never rejects the others. */
  async ingest(company: CompanyEntity, items: unknown[], actor: string): Promise<TransactionBatchResultDto> {
    const facts: CompanyFacts = {
      baseCurrency: company.baseCurrency,
      categoryKeys: new Set((await this.categories.findBy({ companyId: company.id })).map((c) => c.key)),
    };
    const judged = items.map((raw, index) => judgeItem(raw, index, facts));
    const ids = judged.flatMap((j) => (j.ok ? [j.platformId] : []));
    // One read finds what a resend already stored; the unique key, not this read, decides for the rest.
    const known = new Map<string, TransactionEntity>();
    for (let i = 0; i < ids.length; i += 100) {
      const rows = await this.transactions.findBy({ companyId: company.id, platformId: In(ids.slice(i, i + 100)) });
      for (const row of rows) known.set(row.platformId, row);
    }
    const fresh = judged.flatMap((j, index) =>
      j.ok && !known.has(j.platformId) ? [{ index, platformId: j.platformId, content: j.content }] : [],
    );
    const stored = await this.createAll(company.id, fresh, actor);
    const results: TransactionResultDto[] = judged.map((j, index) => {
      if (!j.ok) return { index, platformId: j.platformId, status: 'invalid', fields: j.fields };
      const created = stored.get(index);
      if (created?.created)
        return { index, platformId: j.platformId, status: 'created', transaction: TransactionDto.of(created.row) };
      return compare(index, created?.row ?? (known.get(j.platformId) as TransactionEntity), j.content);
    });
    await this.withReceipts(
      company.id,
      results.flatMap((r) => (r.transaction ? [r.transaction] : [])),
    );
    // A resend of an exported transaction answers with its export state too, as a read would.
    const shown = results.flatMap((r) => (r.transaction && r.status !== 'created' ? [r.transaction] : []));
    const exports = await this.exports.currentExports(company.id, shown);
    for (const r of results) {
      const exported = r.transaction && exports.get(r.transaction.id);
      if (r.transaction && exported)
        r.transaction = { ...r.transaction, state: exported.state, export: ExportDto.of(exported) };
    }
    const count = (s: TransactionResultDto['status']) => results.filter((r) => r.status === s).length;
    return {
      created: count('created'),
      unchanged: count('unchanged'),
      conflict: count('conflict'),
      invalid: count('invalid'),
      results,
    };
  }

  /**
   * Inserts the batch's new items in ONE audited database transaction (one commit, not one per item). The unique
   * key (company, platform id) decides: an item another send stored first is left as it is (insert or ignore) and
   * its stored row is answered, so a concurrent double send still creates each transaction once.
   */
  private async createAll(
    companyId: string,
    items: ReadonlyArray<{ index: number; platformId: string; content: TransactionContent }>,
    actor: string,
  ): Promise<Map<number, { created: boolean; row: TransactionEntity }>> {
    const out = new Map<number, { created: boolean; row: TransactionEntity }>();
    if (items.length === 0) return out;
    await this.audit.transaction(companyId, async (tx) => {
      const repo = tx.getRepository(TransactionEntity);
      // One key order for every send, so two overlapping batches in other processes wait for each other, never deadlock.
      const ordered = [...items].sort((a, b) =>
        a.platformId < b.platformId ? -1 : a.platformId > b.platformId ? 1 : 0,
      );
      // In chunks: one multi-row insert, one read of what the unique key kept, one append of their audit entries.
      for (let i = 0; i < ordered.length; i += INSERT_CHUNK) {
        const chunk = ordered.slice(i, i + INSERT_CHUNK);
        const rows = chunk.map(({ platformId, content }) => ({
          id: randomUUID(),
          companyId,
          platformId,
          state: 'received' as const,
          version: 1,
          ...content,
          contentHash: contentHash(content),
        }));
        await repo.createQueryBuilder().insert().values(rows).orIgnore().updateEntity(false).execute();
        const kept = new Map(
          (await repo.findBy({ companyId, platformId: In(chunk.map((c) => c.platformId)) })).map((r) => [
            r.platformId,
            r,
          ]),
        );
        const events = [];
        for (const [k, { index, platformId, content }] of chunk.entries()) {
          const stored = kept.get(platformId);
          if (!stored) throw new Error(`Transaction ${platformId} was neither stored nor found.`);
          const id = rows[k]!.id;
          out.set(index, { created: stored.id === id, row: stored });
          if (stored.id !== id) continue;
          const after = { id, platformId, version: 1, ...content };
          events.push({
            companyId,
            actor,
            action: 'transaction.received',
            subjectType: 'transaction',
            subjectId: id,
            after,
          });
        }
        await this.audit.recordMany(events, tx);
      }
    });
    return out;
  }

  async get(companyId: string, id: string): Promise<TransactionDto> {
    const row = await this.transactions.findOneBy({ companyId, id });
    if (!row) throw notFound('Transaction');
    const [view] = await this.withReceipts(companyId, [
      TransactionDto.of(row, (await this.exports.currentExports(companyId, [row])).get(row.id)),
    ]);
    return view as TransactionDto;
  }

  /** Newest booking date first; the cursor is the last row's (booked_on, id), so every page is one index range. */
  async list(companyId: string, query: TransactionQueryDto): Promise<TransactionPageDto> {
    const qb = this.transactions.createQueryBuilder('t').where('t.company_id = :companyId', { companyId });
    if (query.kind) qb.andWhere('t.kind = :kind', { kind: query.kind });
    // The shown state is the current version's export's; `received` means it has none yet.
    const currentExport =
      'SELECT 1 FROM exports e WHERE e.company_id = t.company_id AND e.transaction_id = t.id ' +
      'AND e.transaction_version = t.version';
    if (query.state === 'received') qb.andWhere(`NOT EXISTS (${currentExport})`);
    else if (query.state) qb.andWhere(`EXISTS (${currentExport} AND e.state = :state)`, { state: query.state });
    if (query.categoryKey) qb.andWhere('t.category_key = :categoryKey', { categoryKey: query.categoryKey });
    if (query.from) qb.andWhere('t.booked_on >= :from', { from: query.from });
    if (query.to) qb.andWhere('t.booked_on <= :to', { to: query.to });
    if (query.cursor) {
      const [bookedOn, id] = decodeCursor(query.cursor);
      qb.andWhere('(t.booked_on, t.id) < (:bookedOn, :id)', { bookedOn, id });
    }
    const rows = await qb
      .orderBy('t.booked_on', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .limit(query.limit + 1)
      .getMany();
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const exports = await this.exports.currentExports(companyId, page);
    return {
      items: await this.withReceipts(
        companyId,
        page.map((t) => TransactionDto.of(t, exports.get(t.id))),
      ),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
    };
  }
}

function compare(index: number, stored: TransactionEntity, sent: TransactionContent): TransactionResultDto {
  const transaction = TransactionDto.of(stored);
  if (stored.contentHash === contentHash(sent))
    return { index, platformId: stored.platformId, status: 'unchanged', transaction };
  const fields = differingFields(storedContent(stored), sent).map((f) => ({
    field: `items[${index}].${f}`,
    message: `${f} differs from the stored version ${stored.version}; a received transaction is not changed by a resend`,
  }));
  return { index, platformId: stored.platformId, status: 'conflict', transaction, fields };
}
