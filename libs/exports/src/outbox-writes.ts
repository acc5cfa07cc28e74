import { randomUUID } from 'node:crypto';
import { ExportOutboxEntity } from '@ledgerbridge/persistence';
import type { EntityManager } from 'typeorm';

/** The wake-up topic of outbox rows: who commits some nudges the relays (WakeSignal), which also poll on a timer. */
export const OUTBOX_WAKE = 'outbox';

/** Writes the outbox rows that make the relay put `export.run` jobs on Bull, inside the caller's transaction. */
export async function writeOutbox(tx: EntityManager, companyId: string, exportIds: string[]): Promise<void> {
  if (exportIds.length === 0) return;
  const rows = exportIds.map((exportId) => ({ id: randomUUID(), companyId, exportId, jobKind: 'export.run' as const }));
  for (let i = 0; i < rows.length; i += 200) await tx.getRepository(ExportOutboxEntity).insert(rows.slice(i, i + 200));
}
