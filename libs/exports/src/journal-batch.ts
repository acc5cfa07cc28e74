import { ExportEntity, TransactionEntity } from '@ledgerbridge/persistence';
import { Brackets, DataSource, In } from 'typeorm';
import { ExportLedger } from './export-ledger';
import type { JournalItem } from './export-runner';
import type { MappingResult } from '@ledgerbridge/mapping';

/**
 * Gathers and claims, for a lead that is already claimed, up to `max` more journal-entry exports of the same company
 * and provider: `queued` ones, and `sending` ones whose lease expired (a killed worker's batch). Each is claimed by
 * one guarded update (`claimMany`, under the batch's own lease owner), so one another worker took first is left out;
 * an export the rules refuse is left to its own job (it parks in needs_attention there, never sent).
 */
export async function gatherJournalItems(
  dataSource: DataSource,
  ledger: ExportLedger,
  lead: ExportEntity,
  max: number,
  map: (rows: ExportEntity[], transactions: Map<string, TransactionEntity>) => Promise<(MappingResult | undefined)[]>,
  claim: { owner: string; ttlMs: number },
): Promise<JournalItem[]> {
  if (max <= 0) return [];
  const now = new Date();
  const candidates = await dataSource
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
  if (candidates.length === 0) return [];
  const transactions = new Map<string, TransactionEntity>();
  const ids = candidates.map((c) => c.transactionId);
  for (let i = 0; i < ids.length; i += 500) {
    const found = await dataSource.getRepository(TransactionEntity).findBy({ id: In(ids.slice(i, i + 500)) });
    for (const t of found) transactions.set(t.id, t);
  }
  const mapped = await map(candidates, transactions);
  const entries = new Map<string, JournalItem['entry']>();
  for (const [i, row] of candidates.entries()) {
    const postings = mapped[i];
    if (postings?.kind === 'journal_entry') entries.set(row.id, postings.entry);
  }
  // One guarded update for all of them: rows another worker took meanwhile are simply not among those returned.
  const claimed = await ledger.claimMany([...entries.keys()], lead.companyId, claim.owner, claim.ttlMs);
  return claimed.map((row) => ({ row, entry: entries.get(row.id)! }));
}
