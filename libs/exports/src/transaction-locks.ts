import { TransactionEntity } from '@ledgerbridge/persistence';
import type { EntityManager } from 'typeorm';

/*
 * A receipt change and an export request meet on the transaction's row, each taking it first in its own database
 * transaction: whichever comes second waits for the first to commit, then reads what it wrote. PostgreSQL's default
 * READ COMMITTED would otherwise let both check before either wrote (the change seeing no export, the request
 * taking the old receipt). SQLite needs no row lock: it has one writer at a time, and a transaction that read before
 * another's commit cannot write afterwards (SQLITE_BUSY, and the audit trail runs it again); in one process the
 * audit trail's lane already runs them one after the other.
 */

/**
 * For a receipt change: takes the transaction's row with a guarded UPDATE that changes nothing (on SQLite it takes
 * the database's write lock at once), then reads it again, its version now the one any export request will see.
 */
export async function lockTransaction(
  tx: EntityManager,
  companyId: string,
  transactionId: string,
): Promise<TransactionEntity | null> {
  const { affected } = await tx
    .createQueryBuilder()
    .update(TransactionEntity)
    .set({ version: () => 'version' })
    .where('id = :transactionId AND company_id = :companyId', { transactionId, companyId })
    .updateEntity(false)
    .execute();
  if (affected !== 1) return null;
  return tx.getRepository(TransactionEntity).findOneBy({ id: transactionId, companyId });
}

/**
 * For an export request: on PostgreSQL locks the chosen transactions' rows (FOR NO KEY UPDATE, in id order so two
 * requests never deadlock) and returns their versions as of the lock; elsewhere returns the versions as read.
 */
export async function lockTransactions(
  tx: EntityManager,
  companyId: string,
  chosen: readonly Pick<TransactionEntity, 'id' | 'version'>[],
): Promise<Pick<TransactionEntity, 'id' | 'version'>[]> {
  if (tx.connection.options.type !== 'postgres' || chosen.length === 0) return [...chosen];
  const ids = chosen.map((t) => t.id).sort();
  const versions = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await tx
      .getRepository(TransactionEntity)
      .createQueryBuilder('t')
      .select(['t.id', 't.version'])
      .where('t.company_id = :companyId AND t.id IN (:...ids)', { companyId, ids: ids.slice(i, i + 500) })
      .orderBy('t.id', 'ASC')
      .setLock('for_no_key_update')
      .getMany();
    for (const row of rows) versions.set(row.id, row.version);
  }
  return chosen.map((t) => ({ id: t.id, version: versions.get(t.id) ?? t.version }));
}
