import { ConnectorError, type Account, type TaxCode, type TaxDirection } from '@ledgerbridge/connector-sdk';
import type { DineroDepositAccount, DineroEntryAccount, DineroOrganization, DineroVatType } from './dinero-wire.types';

type Row = Record<string, unknown>;

function unexpected(action: string, what: string): ConnectorError {
  return new ConnectorError('unknown', `Dinero's answer to ${action} was not ${what}.`, { outcomeUnknown: false });
}

// Dinero's lists are plain arrays of objects; anything else means the API changed under us.
function rowsOf(value: unknown, action: string): Row[] {
  if (!Array.isArray(value) || !value.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row))) {
    throw unexpected(action, 'a list of objects');
  }
  return value as Row[];
}

function text(row: Row, key: string): string | null {
  const value = row[key];
  return typeof value === 'string' ? value : null;
}

function flag(row: Row, key: string): boolean | null {
  const value = row[key];
  return typeof value === 'boolean' ? value : null;
}

function integer(row: Row, key: string, action: string): number {
  const value = row[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw unexpected(action, `a list with whole ${key}s`);
  return value;
}

export function organizationsFrom(value: unknown, action: string): DineroOrganization[] {
  return rowsOf(value, action).map((row) => ({
    Id: typeof row['Id'] === 'number' ? row['Id'] : null,
    Name: text(row, 'Name'),
    IsPro: flag(row, 'IsPro'),
    IsPayingPro: flag(row, 'IsPayingPro'),
    IsVatFree: flag(row, 'IsVatFree'),
  }));
}

export function entryAccountsFrom(value: unknown, action: string): DineroEntryAccount[] {
  return rowsOf(value, action).map((row) => ({
    AccountNumber: integer(row, 'AccountNumber', action),
    Name: text(row, 'Name'),
    VatCode: text(row, 'VatCode'),
    Category: text(row, 'Category'),
    CategoryName: text(row, 'CategoryName'),
    IsHidden: flag(row, 'IsHidden') ?? false,
  }));
}

export function depositAccountsFrom(value: unknown, action: string): DineroDepositAccount[] {
  return rowsOf(value, action).map((row) => ({
    AccountNumber: integer(row, 'AccountNumber', action),
    Name: text(row, 'Name'),
    IsHidden: flag(row, 'IsHidden') ?? false,
    IsDefault: flag(row, 'IsDefault') ?? false,
  }));
}

export function vatTypesFrom(value: unknown, action: string): DineroVatType[] {
  return rowsOf(value, action).map((row) => {
    const rate = row['VatRate'];
    if (typeof rate !== 'number' && typeof rate !== 'string')
      throw unexpected(action, 'a list of VAT types with rates');
    return { VatCode: text(row, 'VatCode'), Name: text(row, 'Name'), VatRate: Number(rate) };
  });
}

// Blank and missing mean the same to Dinero: no value.
function present(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/**
 * The chart as neutral accounts. Dinero's own `accounts/purchase` list decides which accounts may carry an
 * expense line (`expenseAllowed`, kind `expense`); `Category`/`CategoryName` are free text with no published
 * values, so they are only shown, never interpreted. Deposit accounts (their own list) are `deposit`. An account
 * in a short list but not in the entry list is still kept. Hidden accounts stay, inactive, so a mapping shows its name.
 */
export function accountsFrom(
  entries: readonly DineroEntryAccount[],
  purchases: readonly DineroEntryAccount[],
  deposits: readonly DineroDepositAccount[],
): Account[] {
  const entryByNumber = new Map(entries.map((entry) => [entry.AccountNumber, entry]));
  const purchaseByNumber = new Map(purchases.map((purchase) => [purchase.AccountNumber, purchase]));
  const depositByNumber = new Map(deposits.map((deposit) => [deposit.AccountNumber, deposit]));
  const numbers = new Set([...entryByNumber.keys(), ...purchaseByNumber.keys(), ...depositByNumber.keys()]);
  return [...numbers]
    .sort((a, b) => a - b)
    .map((number) => {
      const entry = entryByNumber.get(number);
      const purchase = purchaseByNumber.get(number);
      const deposit = depositByNumber.get(number);
      const name = present(deposit?.Name) ?? present(entry?.Name) ?? present(purchase?.Name) ?? '';
      const taxCode = present(entry?.VatCode) ?? present(purchase?.VatCode);
      const category =
        present(entry?.CategoryName) ??
        present(entry?.Category) ??
        present(purchase?.CategoryName) ??
        present(purchase?.Category);
      const hidden = deposit?.IsHidden ?? entry?.IsHidden ?? purchase?.IsHidden ?? false;
      return {
        number: String(number),
        name,
        kind: deposit ? 'deposit' : purchase ? 'expense' : 'other',
        ...(taxCode !== undefined && { defaultTaxCode: taxCode }),
        active: !hidden,
        expenseAllowed: purchase !== undefined,
        ...(category !== undefined && { category }),
      } satisfies Account;
    });
}

/**
 * Dinero's `VatRate` fraction as basis points, from its decimal digits: 0.255 → 2550 and 0.0029 → 29 exactly,
 * where `0.0029 * 10000` gives 28.999999999999996. Rates finer than a basis point round half away from zero.
 */
export function basisPointsOf(rate: number | string): number {
  const source = typeof rate === 'number' ? String(rate) : rate.trim();
  const expanded = /e/i.test(source) ? Number(source).toFixed(20) : source;
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(expanded);
  if (match === null) throw new RangeError(`"${source}" is not a VAT rate.`);
  const [, sign, whole, fraction = ''] = match;
  const padded = fraction.padEnd(5, '0');
  let points = Number(whole) * 10_000 + Number(padded.slice(0, 4));
  if (Number(padded[4]) >= 5) points += 1;
  return sign === '-' && points !== 0 ? -points : points;
}

// Dinero has no direction field: purchase codes start with I (or are restaurant/hotel HREP/REP),
// sales codes with U; organizations can add only purchase VAT types, so an unknown code is a purchase one.
export function directionOf(code: string, rateBasisPoints: number): TaxDirection {
  if (/^(I|H?REP)/i.test(code)) return 'purchase';
  if (/^U/i.test(code)) return 'sale';
  if (/^none$/i.test(code) || rateBasisPoints === 0) return 'none';
  return 'purchase';
}

export function taxCodesFrom(vatTypes: readonly DineroVatType[]): TaxCode[] {
  return vatTypes
    .filter((vatType): vatType is DineroVatType & { VatCode: string } => !!vatType.VatCode)
    .map((vatType) => {
      const rateBasisPoints = basisPointsOf(vatType.VatRate);
      return {
        code: vatType.VatCode,
        name: vatType.Name ?? vatType.VatCode,
        rateBasisPoints,
        direction: directionOf(vatType.VatCode, rateBasisPoints),
      };
    });
}
