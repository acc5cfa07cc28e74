import { bookedAmount } from './booked-amount';
import { Reasons } from './chart-checks';
import { expenseVoucherRule } from './expense-rules';
import { journalEntryRule } from './journal-rules';
import type { MappingContext, MappingResult, Transaction } from './mapping.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Thrown for input no stored transaction can have; a programming error, never an attention reason. */
export class InvalidMappingInputError extends RangeError {
  override readonly name = 'InvalidMappingInputError';
}

/**
 * The posting rules (README "Posting rules"): a stored transaction plus the company's setup, categories and
 * synced chart become an expense voucher draft, a booked journal entry, or every reason it cannot yet.
 */
export function mapTransaction(transaction: Transaction, context: MappingContext): MappingResult {
  if (!UUID.test(context.exportId)) {
    throw new InvalidMappingInputError(`The export id must be a UUID, got "${context.exportId}".`);
  }
  const reasons = new Reasons();
  const booked = bookedAmount(transaction, context, reasons);
  switch (transaction.kind) {
    case 'card_expense':
    case 'out_of_pocket_expense':
      return expenseVoucherRule(transaction, context, booked, reasons);
    case 'reimbursement':
    case 'wallet_top_up':
      return journalEntryRule(transaction, context, booked, reasons);
    default: {
      const unknown: { kind?: unknown } = transaction;
      throw new InvalidMappingInputError(`Unknown transaction kind "${String(unknown.kind)}".`);
    }
  }
}
