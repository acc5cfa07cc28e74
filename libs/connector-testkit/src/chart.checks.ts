import type { Account, AccountKind, TaxCode, TaxDirection } from '@ledgerbridge/connector-sdk';

// `satisfies` makes the compiler fail here when the contract adds a kind or direction.
const ACCOUNT_KINDS = {
  expense: true,
  revenue: true,
  deposit: true,
  balance: true,
  vat: true,
  other: true,
} as const satisfies Record<AccountKind, true>;
const TAX_DIRECTIONS = { purchase: true, sale: true, none: true } as const satisfies Record<TaxDirection, true>;

export const ACCOUNT_KIND_SET: ReadonlySet<string> = new Set(Object.keys(ACCOUNT_KINDS));
export const TAX_DIRECTION_SET: ReadonlySet<string> = new Set(Object.keys(TAX_DIRECTIONS));

/** The host offers these accounts to the user: it needs unique numbers, known kinds, something to pay from and to. */
export function accountProblems(accounts: unknown): string[] {
  if (!Array.isArray(accounts)) return ['listAccounts did not return an array'];
  if (accounts.length === 0) return ['listAccounts returned no accounts'];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [index, account] of (accounts as Account[]).entries()) {
    const label = `account #${index} (${String(account?.number)})`;
    if (typeof account?.number !== 'string' || account.number.trim() === '') {
      problems.push(`${label} has no number as non-empty text`);
    } else if (seen.has(account.number)) {
      problems.push(`account number ${account.number} appears twice`);
    } else {
      seen.add(account.number);
    }
    if (!ACCOUNT_KIND_SET.has(account?.kind))
      problems.push(`${label} has kind "${String(account?.kind)}", not an AccountKind`);
    if (typeof account?.active !== 'boolean') problems.push(`${label} has no boolean active flag`);
    if (account?.expenseAllowed !== undefined && typeof account.expenseAllowed !== 'boolean') {
      problems.push(`${label} has expenseAllowed "${String(account.expenseAllowed)}", not a boolean`);
    }
  }
  const kinds = new Set((accounts as Account[]).map((account) => account?.kind));
  if (!kinds.has('deposit')) problems.push('no deposit account, so no expense could be paid from anything');
  // The provider's own flag decides where an expense may book; without it, kind 'expense' does (as the host reads it).
  const bookable = (accounts as Account[]).some((account) => account?.expenseAllowed ?? account?.kind === 'expense');
  if (!bookable) problems.push('no expense account, so no expense could be booked');
  return problems;
}

/** Rates are integers in basis points so no float ever holds a rate. */
export function taxCodeProblems(taxCodes: unknown): string[] {
  if (!Array.isArray(taxCodes)) return ['listTaxCodes did not return an array'];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [index, taxCode] of (taxCodes as TaxCode[]).entries()) {
    const label = `tax code #${index} (${String(taxCode?.code)})`;
    if (typeof taxCode?.code !== 'string' || taxCode.code.trim() === '') problems.push(`${label} has no code`);
    else if (seen.has(taxCode.code)) problems.push(`tax code ${taxCode.code} appears twice`);
    else seen.add(taxCode.code);
    const rate = taxCode?.rateBasisPoints;
    if (!(Number.isInteger(rate) && rate >= 0 && rate <= 10_000)) {
      problems.push(`${label} has rateBasisPoints ${String(rate)}, not an integer 0..10000`);
    }
    if (!TAX_DIRECTION_SET.has(taxCode?.direction))
      problems.push(`${label} has direction "${String(taxCode?.direction)}"`);
  }
  return problems;
}
