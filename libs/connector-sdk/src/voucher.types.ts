import type { AttachmentRef } from './attachment.types';
import type { ExternalRef } from './external-ref.types';
import type { Money } from './money.types';

/** A calendar date as `YYYY-MM-DD`, with no time zone because bookkeeping dates have none. */
export type IsoDate = string;

/** One line of an expense voucher: one account and one tax code. */
export interface ExpenseVoucherLine {
  readonly accountNumber: string;
  /** Free text shown to the accountant; the merchant's name goes here. */
  readonly description: string;
  /** VAT-inclusive; the provider derives net and VAT from the tax code. */
  readonly amount: Money;
  readonly taxCode: string;
}

/** A card or out-of-pocket expense, paid at once from `paidFromAccount` (Dinero: a cash purchase voucher). */
export interface ExpenseVoucher {
  readonly date: IsoDate;
  /** The deposit account that paid: the card wallet or the employee's out-of-pocket account. */
  readonly paidFromAccount: string;
  /** One line per tax rate or expense category; all in one currency. */
  readonly lines: readonly ExpenseVoucherLine[];
  /** Upload the receipt first so a lost create answer can be found again through it. */
  readonly attachmentRef?: AttachmentRef;
  readonly externalRef: ExternalRef;
}

/** One line of a journal entry: the amount moves between `accountNumber` and `balancingAccountNumber`. */
export interface JournalLine {
  readonly accountNumber: string;
  readonly balancingAccountNumber: string;
  /** Signed: positive debits `accountNumber` and credits `balancingAccountNumber`. */
  readonly amount: Money;
  readonly description: string;
  /** Omitted: the provider uses the account's default tax code. */
  readonly taxCode?: string;
}

/** A reimbursement or wallet top-up (Dinero: a ledger item). */
export interface JournalEntry {
  /** Chosen by the caller (a UUID) so that re-sending the same entry is recognised as a duplicate. */
  readonly id: string;
  readonly date: IsoDate;
  readonly lines: readonly JournalLine[];
  readonly attachmentRef?: AttachmentRef;
  readonly externalRef?: ExternalRef;
}
