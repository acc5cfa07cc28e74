import { createHash } from 'node:crypto';
import type { AuditEntryEntity } from '@ledgerbridge/persistence';
import { canonicalJson } from './canonical-json';

/** The hash of the first entry's predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

type Hashed = Pick<
  AuditEntryEntity,
  | 'id'
  | 'chain'
  | 'seq'
  | 'companyId'
  | 'actor'
  | 'action'
  | 'subjectType'
  | 'subjectId'
  | 'before'
  | 'after'
  | 'createdAt'
  | 'prevHash'
>;

/** Covers every stored field but the hash itself, so changing any of them is detected. */
export function entryHash(entry: Hashed): string {
  const material = canonicalJson({
    id: entry.id,
    chain: entry.chain,
    seq: entry.seq,
    companyId: entry.companyId,
    actor: entry.actor,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    before: entry.before,
    after: entry.after,
    createdAt: entry.createdAt.toISOString(),
    prevHash: entry.prevHash,
  });
  return createHash('sha256').update(material, 'utf8').digest('hex');
}
