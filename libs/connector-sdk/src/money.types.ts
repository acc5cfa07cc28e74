/**
 * An amount of money in the currency's minor unit (øre for DKK), never a float.
 * `currency` is an ISO 4217 code in upper case ("DKK", "EUR").
 */
export interface Money {
  readonly amountMinor: bigint;
  readonly currency: string;
}
