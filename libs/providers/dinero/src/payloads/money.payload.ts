import { ConnectorError, toDecimalString, type Money } from '@ledgerbridge/connector-sdk';

// Up to 15 significant digits a double holds any decimal exactly enough to print it back unchanged.
const MAX_EXACT_MINOR = 10n ** 15n - 1n;

/**
 * Øre → the kroner JSON number Dinero's schema wants. The decimal is made with integer arithmetic and
 * only turned into a number at the JSON edge, where it still prints back to the same two decimals.
 */
export function kronerOf(amount: Money, field: string): number {
  if (amount.currency !== 'DKK') {
    throw new ConnectorError(
      'validation',
      `Dinero books this document in DKK only, got an amount in ${amount.currency}.`,
      {
        field,
      },
    );
  }
  const magnitude = amount.amountMinor < 0n ? -amount.amountMinor : amount.amountMinor;
  if (magnitude > MAX_EXACT_MINOR) {
    throw new ConnectorError('validation', `The amount ${toDecimalString(amount)} DKK is too large to send exactly.`, {
      field,
    });
  }
  return Number(toDecimalString(amount, 2));
}

/** Dinero's kroner number (or its text) → øre, from its decimal digits, never by multiplying a float. */
export function oreOf(kroner: number | string): bigint {
  const text = typeof kroner === 'number' ? String(kroner) : kroner.trim();
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (match === null) throw new RangeError(`"${text}" is not an amount in kroner with at most two decimals.`);
  const [, sign, whole, fraction = ''] = match;
  const ore = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign === '-' ? -ore : ore;
}

/** A ledger number as Dinero's int32 `AccountNumber`. */
export function accountNumberOf(account: string, field: string): number {
  if (!/^\d{1,9}$/.test(account)) {
    throw new ConnectorError('validation', `Dinero account numbers are whole numbers, got "${account}".`, { field });
  }
  return Number(account);
}

/** A bookkeeping date as Dinero's `YYYY-MM-DD`, refusing impossible dates before Dinero does. */
export function dineroDateOf(date: string, field: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const valid =
    match !== null &&
    new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))).toISOString().slice(0, 10) === date;
  if (!valid) throw new ConnectorError('validation', `Dinero needs dates as YYYY-MM-DD, got "${date}".`, { field });
  return date;
}
