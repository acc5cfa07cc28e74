import { money, type Money } from '@ledgerbridge/connector-sdk';
import type { Reasons } from './chart-checks';
import type { MappingContext, Transaction } from './mapping.types';

const sign = (value: bigint): number => (value > 0n ? 1 : value < 0n ? -1 : 0);

/**
 * The amount the books receive, in the books' currency: the amount itself, or for a foreign-currency transaction
 * its settled amount (Dinero books DKK only). Records why there is none.
 */
export function bookedAmount(transaction: Transaction, context: MappingContext, reasons: Reasons): Money | undefined {
  const { amount, settlement } = transaction;
  if (amount.amountMinor === 0n) {
    reasons.add({ code: 'amount_zero', message: 'The amount is zero, which books nothing.', field: 'amount' });
    return undefined;
  }
  if (amount.currency === context.booksCurrency) {
    if (settlement !== undefined && settlement.amount.amountMinor !== amount.amountMinor) {
      reasons.add({
        code: 'settlement_invalid',
        message: `The amount is already in ${context.booksCurrency}, but a different settled amount was given.`,
        field: 'settlement.amount',
      });
      return undefined;
    }
    return money(amount.amountMinor, amount.currency);
  }
  if (settlement === undefined) {
    reasons.add({
      code: 'foreign_currency_unsettled',
      message: `The amount is in ${amount.currency}, and no settled amount in ${context.booksCurrency} is known yet.`,
      field: 'settlement',
    });
    return undefined;
  }
  if (settlement.amount.currency !== context.booksCurrency) {
    reasons.add({
      code: 'settlement_invalid',
      message: `The settled amount is in ${settlement.amount.currency}; the books are kept in ${context.booksCurrency}.`,
      field: 'settlement.amount',
    });
    return undefined;
  }
  if (sign(settlement.amount.amountMinor) !== sign(amount.amountMinor)) {
    reasons.add({
      code: 'settlement_invalid',
      message: 'The settled amount must be non-zero and have the same sign as the amount.',
      field: 'settlement.amount',
    });
    return undefined;
  }
  return money(settlement.amount.amountMinor, settlement.amount.currency);
}
