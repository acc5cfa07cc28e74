/** 100 % in basis points. */
export const FULL_SHARE_BASIS_POINTS = 10_000;

/** Thrown for a rate or share that is not a whole number of basis points in range; a programming error. */
export class InvalidVatRateError extends RangeError {
  override readonly name = 'InvalidVatRateError';
}

/** `numerator / denominator` rounded half away from zero, in integers (`denominator` > 0). */
export function divideRoundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('The denominator must be positive.');
  const magnitude = numerator < 0n ? -numerator : numerator;
  const rounded = (2n * magnitude + denominator) / (2n * denominator);
  return numerator < 0n ? -rounded : rounded;
}

/** The VAT rules' answer for one gross amount, all in minor units. */
export interface VatSplit {
  readonly gross: bigint;
  readonly net: bigint;
  readonly vat: bigint;
  readonly deductibleVat: bigint;
  readonly nonDeductibleVat: bigint;
  readonly reverseChargeVat: bigint;
}

export interface VatTreatment {
  readonly rateBasisPoints: number;
  /** Absent: fully deductible (10000). */
  readonly deductibleShareBasisPoints?: number;
  readonly reverseCharge?: boolean;
}

function basisPoints(value: number, what: string, max: number): bigint {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new InvalidVatRateError(`The ${what} must be a whole number of basis points from 0 to ${max}, got ${value}.`);
  }
  return BigInt(value);
}

/** Why a rate or share cannot be used, or `undefined`. */
export function vatTreatmentProblem(treatment: VatTreatment): string | undefined {
  try {
    vatSplit(0n, treatment);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidVatRateError) return error.message;
    throw error;
  }
}

/**
 * The one rounding rule (README "VAT"): VAT = round-half-away-from-zero(gross × rate / (10000 + rate)),
 * net = gross − VAT; deductible VAT = round-half-away-from-zero(VAT × share / 10000), the rest is not deductible.
 * Reverse charge: the price holds no VAT (net = gross); the self-assessed VAT is rounded(gross × rate / 10000).
 */
export function vatSplit(gross: bigint, treatment: VatTreatment): VatSplit {
  const rate = basisPoints(treatment.rateBasisPoints, 'VAT rate', 1_000_000);
  const share = basisPoints(
    treatment.deductibleShareBasisPoints ?? FULL_SHARE_BASIS_POINTS,
    'deductible share',
    FULL_SHARE_BASIS_POINTS,
  );
  const full = BigInt(FULL_SHARE_BASIS_POINTS);
  if (treatment.reverseCharge === true) {
    const reverseChargeVat = divideRoundHalfAwayFromZero(gross * rate, full);
    return { gross, net: gross, vat: 0n, deductibleVat: 0n, nonDeductibleVat: 0n, reverseChargeVat };
  }
  const vat = divideRoundHalfAwayFromZero(gross * rate, full + rate);
  const deductibleVat = divideRoundHalfAwayFromZero(vat * share, full);
  return { gross, net: gross - vat, vat, deductibleVat, nonDeductibleVat: vat - deductibleVat, reverseChargeVat: 0n };
}
