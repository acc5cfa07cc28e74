import { ExportEntity, TransactionEntity } from '@ledgerbridge/persistence';
import { Brackets, EntityManager, In } from 'typeorm';
import { ExportLedger } from './export-ledger';
import type { JournalItem } from './export-runner';
import type { MappingResult } from '@ledgerbridge/mapping';

/**
 * Gathers and claims a batch of up to `limit` journal-entry exports of the lead's company and provider: the lead, and
 * the oldest other `queued` ones or `sending` ones whose lease expired (a killed worker's batch). All are claimed by
 * one guarded update (`claimMany`, under the batch's own lease owner), so one another worker took first is left out
 * — the lead too, then the batch goes without it (first in the answer only when claimed); an export the rules refuse
 * is left to its own job (it parks in needs_attention there, never sent).
 */
export async function gatherJournalItems(
  ledger: ExportLedger,
  lead: JournalItem,
  limit: number,
  map: (rows: ExportEntity[], transactions: Map<string, TransactionEntity>) => Promise<(MappingResult | undefined)[]>,
  claim: { owner: string; ttlMs: number },
): Promise<JournalItem[]> {
  const entries = new Map<string, JournalItem['entry']>([[lead.row.id, lead.entry]]);
  // The candidates are read inside the claim's transaction, on the company's lane: leads running at once take turns,
  // and each sees the rows the one before took, so each sends a full batch of its own instead of a batch of one.
  const claimed = await ledger.claimMany(
    async (tx) => {
      const found = await candidates(tx, lead.row, limit - 1, map);
      for (const [id, entry] of found) entries.set(id, entry);
      return [lead.row.id, ...found.keys()];
    },
    lead.row.companyId,
    claim.owner,
    claim.ttlMs,
  );
  return claimed.map((row) => ({ row, entry: entries.get(row.id)! }));
}

/** The oldest claimable journal entries beside the lead that the rules can send, with their entries. */
async function candidates(
  tx: EntityManager,
  lead: ExportEntity,
  max: number,
  map: (rows: ExportEntity[], transactions: Map<string, TransactionEntity>) => Promise<(MappingResult | undefined)[]>,
): Promise<Map<string, JournalItem['entry']>> {
  const entries = new Map<string, JournalItem['entry']>();
  if (max <= 0) return entries;
  const now = new Date();
  const rows = await tx
    .getRepository(ExportEntity)
    .createQueryBuilder('e')
    .where('e.company_id = :companyId AND e.provider_key = :providerKey AND e.id <> :leadId', {
      companyId: lead.companyId,
      providerKey: lead.providerKey,
      leadId: lead.id,
    })
    .andWhere(
      new Brackets((q) =>
        q.where("e.state = 'queued'").orWhere("e.state = 'sending' AND e.lease_expires_at < :now", { now }),
      ),
    )
    .orderBy('e.created_at', 'ASC')
    .addOrderBy('e.id', 'ASC')
    .take(max)
    .getMany();
  if (rows.length === 0) return entries;
  const transactions = new Map<string, TransactionEntity>();
  const ids = rows.map((c) => c.transactionId);
  for (let i = 0; i < ids.length; i += 500) {
    const found = await tx.getRepository(TransactionEntity).findBy({ id: In(ids.slice(i, i + 500)) });
    for (const t of found) transactions.set(t.id, t);
  }
  const mapped = await map(rows, transactions);
  for (const [i, row] of rows.entries()) {
    const postings = mapped[i];
    if (postings?.kind === 'journal_entry') entries.set(row.id, postings.entry);
  }
  return entries;
}
