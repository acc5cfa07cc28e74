import { randomUUID } from 'node:crypto';

export interface JournalEntry {
  guid: string;
  organizationId: number;
  accountNumber: number;
  date: string;
  voucherNumber: number;
  voucherGuid: string | null;
  fileGuid: string | null;
  voucherType: 'PurchaseVoucher' | 'Manuel';
  description: string | null;
  vatCode: string | null;
  amountOre: number;
  contactGuid: string | null;
  postedAt: number;
}

export type NewEntry = Omit<JournalEntry, 'guid' | 'organizationId' | 'postedAt'>;

// Posted entries: the only thing balances are computed from, so a draft can never move one.
export class JournalStore {
  private readonly entries = new Map<number, JournalEntry[]>();
  private readonly usedNumbers = new Map<number, Set<number>>();

  clear(): void {
    this.entries.clear();
    this.usedNumbers.clear();
  }

  private of(organizationId: number): JournalEntry[] {
    let entries = this.entries.get(organizationId);
    if (!entries) this.entries.set(organizationId, (entries = []));
    return entries;
  }

  private numbers(organizationId: number): Set<number> {
    let numbers = this.usedNumbers.get(organizationId);
    if (!numbers) this.usedNumbers.set(organizationId, (numbers = new Set()));
    return numbers;
  }

  isNumberUsed(organizationId: number, number: number): boolean {
    return this.numbers(organizationId).has(number);
  }

  // Voucher numbers form one series per organization, as in Dinero's default setup.
  takeNumber(organizationId: number, requested: number | null): number {
    const numbers = this.numbers(organizationId);
    const number = requested ?? Math.max(0, ...numbers) + 1;
    numbers.add(number);
    return number;
  }

  post(organizationId: number, entries: NewEntry[], now: number): JournalEntry[] {
    const sum = entries.reduce((total, entry) => total + entry.amountOre, 0);
    if (sum !== 0) throw new Error(`Refusing to post unbalanced entries (off by ${sum} øre).`);
    const posted = entries
      .filter((entry) => entry.amountOre !== 0)
      .map((entry) => ({ ...entry, guid: randomUUID(), organizationId, postedAt: now }));
    this.of(organizationId).push(...posted);
    return posted;
  }

  all(organizationId: number): JournalEntry[] {
    return [...this.of(organizationId)];
  }

  balances(organizationId: number): Map<number, number> {
    const balances = new Map<number, number>();
    for (const entry of this.of(organizationId)) {
      balances.set(entry.accountNumber, (balances.get(entry.accountNumber) ?? 0) + entry.amountOre);
    }
    return balances;
  }
}
