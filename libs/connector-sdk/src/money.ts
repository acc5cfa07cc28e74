import type { Money } from './money.types';

const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** Thrown when a value cannot be money; a programming error, never a provider's answer. */
export class InvalidMoneyError extends RangeError {
  override readonly name = 'InvalidMoneyError';
}

/**
 * Builds Money from minor units. A `number` is accepted only as a safe integer,
 * because anything else has already lost precision or holds a fraction of an øre.
 */
export function money(amountMinor: bigint | number, currency: string): Money {
  if (!CURRENCY_PATTERN.test(currency)) {
    throw new InvalidMoneyError(`Currency must be an ISO 4217 code such as "DKK", got "${currency}".`);
  }
  if (typeof amountMinor === 'number') {
    if (!Number.isSafeInteger(amountMinor)) {
      throw new InvalidMoneyError(`Amount in minor units must be a safe integer, got ${String(amountMinor)}.`);
    }
    return Object.freeze({ amountMinor: BigInt(amountMinor), currency });
  }
  if (typeof amountMinor !== 'bigint') {
    throw new InvalidMoneyError(`Amount in minor units must be a bigint or an integer number.`);
  }
  return Object.freeze({ amountMinor, currency });
}

/** Checks a value that crossed a boundary (JSON, a job payload) before it is trusted as Money. */
export function isMoney(value: unknown): value is Money {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate['amountMinor'] === 'bigint' &&
    typeof candidate['currency'] === 'string' &&
    CURRENCY_PATTERN.test(candidate['currency'])
  );
}

/** Adds amounts of one currency; mixing currencies is refused because no rate is known here. */
export function sumMoney(amounts: readonly Money[], currency: string): Money {
  let total = 0n;
  for (const amount of amounts) {
    if (amount.currency !== currency) {
      throw new InvalidMoneyError(`Cannot add ${amount.currency} to a ${currency} total.`);
    }
    total += amount.amountMinor;
  }
  return money(total, currency);
}

/**
 * Renders minor units as a decimal string ("-12.05") for providers that want major units,
 * using integer arithmetic so no float ever holds the amount.
 */
export function toDecimalString(amount: Money, fractionDigits = 2): string {
  if (!Number.isInteger(fractionDigits) || fractionDigits < 0) {
    throw new InvalidMoneyError(`fractionDigits must be a non-negative integer, got ${fractionDigits}.`);
  }
  const negative = amount.amountMinor < 0n;
  const digits = (negative ? -amount.amountMinor : amount.amountMinor).toString();
  if (fractionDigits === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(fractionDigits + 1, '0');
  const whole = padded.slice(0, padded.length - fractionDigits);
  const fraction = padded.slice(padded.length - fractionDigits);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}
