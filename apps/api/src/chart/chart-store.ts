import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Account, TaxCode } from '@ledgerbridge/connector-sdk';
import { LedgerAccountEntity, TaxCodeEntity } from '@ledgerbridge/persistence';
import { EntityManager } from 'typeorm';

export interface ChartSaveResult {
  accounts: number;
  added: number;
  changed: number;
  deactivated: number;
  taxCodes: number;
}

const BATCH = 400;
const CHANGING = ['name', 'kind', 'defaultTaxCode', 'active', 'expenseAllowed', 'category'] as const;

/**
 * Upserts a synced chart by account number (and VAT codes by code). An account gone from the provider turns
 * inactive and is never deleted, since categories and exports may refer to it.
 */
@Injectable()
export class ChartStore {
  async save(
    tx: EntityManager,
    companyId: string,
    accounts: readonly Account[],
    taxCodes: readonly TaxCode[],
    onBatch: (done: number, total: number) => Promise<void> = async () => undefined,
  ): Promise<ChartSaveResult> {
    const now = new Date();
    const repo = tx.getRepository(LedgerAccountEntity);
    const stored = new Map((await repo.find({ where: { companyId } })).map((a) => [a.number, a]));
    const incoming = new Map(accounts.map((a) => [a.number, a]));
    const inserts: LedgerAccountEntity[] = [];
    const updates: LedgerAccountEntity[] = [];
    for (const account of incoming.values()) {
      const row = stored.get(account.number);
      const fields = {
        name: account.name,
        kind: account.kind,
        defaultTaxCode: account.defaultTaxCode ?? null,
        active: account.active,
        // The provider's own word decides; one that gives none keeps the old meaning of kind 'expense'.
        expenseAllowed: account.expenseAllowed ?? account.kind === 'expense',
        category: account.category ?? null,
      };
      if (!row)
        inserts.push(repo.create({ id: randomUUID(), companyId, number: account.number, ...fields, syncedAt: now }));
      else if (CHANGING.some((key) => row[key] !== fields[key])) updates.push({ ...row, ...fields, syncedAt: now });
    }
    const gone = [...stored.values()].filter((row) => !incoming.has(row.number) && row.active);
    const total = inserts.length + updates.length + gone.length;
    let done = 0;
    for (let i = 0; i < inserts.length; i += BATCH) {
      await repo.insert(inserts.slice(i, i + BATCH));
      done += Math.min(BATCH, inserts.length - i);
      await onBatch(done, total);
    }
    for (const row of [...updates, ...gone.map((r) => ({ ...r, active: false, syncedAt: now }))]) {
      const { name, kind, defaultTaxCode, active, expenseAllowed, category, syncedAt } = row;
      await repo.update({ id: row.id }, { name, kind, defaultTaxCode, active, expenseAllowed, category, syncedAt });
      done += 1;
      if (done % BATCH === 0) await onBatch(done, total);
    }
    await this.saveTaxCodes(tx, companyId, taxCodes, now);
    return {
      accounts: incoming.size,
      added: inserts.length,
      changed: updates.length,
      deactivated: gone.length,
      taxCodes: taxCodes.length,
    };
  }

  private async saveTaxCodes(
    tx: EntityManager,
    companyId: string,
    taxCodes: readonly TaxCode[],
    now: Date,
  ): Promise<void> {
    const repo = tx.getRepository(TaxCodeEntity);
    const stored = new Map((await repo.find({ where: { companyId } })).map((t) => [t.code, t]));
    const seen = new Set<string>();
    for (const code of taxCodes) {
      seen.add(code.code);
      const fields = {
        name: code.name,
        rateBasisPoints: code.rateBasisPoints,
        direction: code.direction,
        active: true,
        syncedAt: now,
      };
      const row = stored.get(code.code);
      if (row) await repo.update({ id: row.id }, fields);
      else await repo.insert({ id: randomUUID(), companyId, code: code.code, ...fields });
    }
    for (const row of stored.values()) {
      if (!seen.has(row.code) && row.active) await repo.update({ id: row.id }, { active: false, syncedAt: now });
    }
  }
}
