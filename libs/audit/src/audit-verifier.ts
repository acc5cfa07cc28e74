import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEntryEntity } from '@ledgerbridge/persistence';
import { DataSource, MoreThan } from 'typeorm';
import { GENESIS_HASH, entryHash } from './audit-hash';
import { SYSTEM_CHAIN } from './audit-trail';

export interface ChainVerdict {
  chain: string;
  valid: boolean;
  entriesChecked: number;
  /** The first entry that does not hold, and why. */
  brokenAt?: { seq: number; id: string | null; reason: string };
}

const BATCH = 500;

/** Re-computes a chain from its first entry and reports the first break. */
@Injectable()
export class AuditVerifier {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async verifyCompany(companyId: string | null): Promise<ChainVerdict> {
    const chain = companyId ?? SYSTEM_CHAIN;
    const repo = this.dataSource.getRepository(AuditEntryEntity);
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    for (;;) {
      const batch = await repo.find({
        where: { chain, seq: MoreThan(expectedSeq - 1) },
        order: { seq: 'ASC' },
        take: BATCH,
      });
      for (const entry of batch) {
        const broken = (reason: string): ChainVerdict => ({
          chain,
          valid: false,
          entriesChecked: checked,
          brokenAt: { seq: expectedSeq, id: entry.id, reason },
        });
        if (entry.seq !== expectedSeq) return broken(`entry ${expectedSeq} is missing (found ${entry.seq} next)`);
        if (entry.prevHash !== prevHash) return broken('its previous-hash does not match the entry before it');
        if (entryHash(entry) !== entry.hash) return broken('its content does not match its hash (altered)');
        prevHash = entry.hash;
        expectedSeq += 1;
        checked += 1;
      }
      if (batch.length < BATCH) return { chain, valid: true, entriesChecked: checked };
    }
  }
}
