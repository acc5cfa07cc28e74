import type { Money } from './money.types';
import type { JournalEntry, JournalLine } from './voucher.types';

/** Thrown by `balancedJournalEntry` for an entry that cannot be posted; a programming error in the mapping. */
export class InvalidJournalEntryError extends RangeError {
  override readonly name = 'InvalidJournalEntryError';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid journal entry: ${problems.join('; ')}.`);
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isIsoDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (match === null) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

function isMoneyLike(value: unknown): value is Money {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Money>;
  return typeof candidate.amountMinor === 'bigint' && typeof candidate.currency === 'string';
}

/** The sum of the lines per currency, in minor units; a balanced entry has one currency summing to 0. */
export function journalLineTotals(lines: readonly JournalLine[]): ReadonlyMap<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const line of lines) {
    if (!isMoneyLike(line?.amount)) continue;
    totals.set(line.amount.currency, (totals.get(line.amount.currency) ?? 0n) + line.amount.amountMinor);
  }
  return totals;
}

/**
 * Why `entry` cannot be posted, or `[]`: an id, a real date, at least two lines with an account and a non-zero
 * integer amount, one currency, and lines that sum to exactly zero (debits equal credits).
 */
export function journalEntryProblems(entry: JournalEntry): string[] {
  const problems: string[] = [];
  if (typeof entry.id !== 'string' || entry.id.trim() === '') problems.push('it has no id');
  if (!isIsoDate(entry.date)) problems.push(`its date "${String(entry.date)}" is not a real YYYY-MM-DD date`);
  const lines: readonly JournalLine[] = Array.isArray(entry.lines) ? entry.lines : [];
  if (lines.length < 2) problems.push(`it has ${lines.length} line(s); a balanced entry needs at least two`);
  for (const [index, line] of lines.entries()) {
    const label = `line ${index + 1}`;
    if (typeof line?.accountNumber !== 'string' || line.accountNumber.trim() === '') {
      problems.push(`${label} has no account number`);
    }
    if (!isMoneyLike(line?.amount)) problems.push(`${label} has no amount as Money in minor units`);
    else if (line.amount.amountMinor === 0n) problems.push(`${label} has a zero amount, which posts nothing`);
    if (line?.taxCode !== undefined && line.taxCode.trim() === '') {
      problems.push(`${label} has an empty tax code; omit it for the account's default`);
    }
  }
  const totals = journalLineTotals(lines);
  if (totals.size > 1) problems.push(`its lines mix currencies (${[...totals.keys()].sort().join(', ')})`);
  for (const [currency, total] of totals) {
    if (totals.size === 1 && total !== 0n) {
      problems.push(`its lines sum to ${total} minor units of ${currency}, not 0: debits must equal credits`);
    }
  }
  return problems;
}

export function isBalancedJournalEntry(entry: JournalEntry): boolean {
  return journalEntryProblems(entry).length === 0;
}

/** Checks an entry before it leaves the mapping: returns it frozen when it balances, throws otherwise. */
export function balancedJournalEntry(entry: JournalEntry): JournalEntry {
  const problems = journalEntryProblems(entry);
  if (problems.length > 0) throw new InvalidJournalEntryError(problems);
  return Object.freeze({ ...entry, lines: Object.freeze([...entry.lines]) });
}
