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

/**
 * One side of a double-entry posting: a signed amount on one account. Positive debits the account,
 * negative credits it; how a provider pairs accounts (Dinero: a balancing account) is the plugin's business.
 */
export interface Posting {
  readonly accountNumber: string;
  /** Signed, never zero; the lines of one entry sum to zero (`journalEntryProblems`). */
  readonly amount: Money;
  readonly description: string;
  /** Omitted: the provider uses the account's default tax code. */
  readonly taxCode?: string;
}

/** A journal entry's line is a posting. */
export type JournalLine = Posting;

/** A reimbursement or wallet top-up (Dinero: a ledger item): at least two postings that balance. */
export interface JournalEntry {
  /** Chosen by the caller (a UUID) so that re-sending the same entry is recognised as a duplicate. */
  readonly id: string;
  readonly date: IsoDate;
  /** At least two lines in one currency, summing to zero. */
  readonly lines: readonly JournalLine[];
  readonly attachmentRef?: AttachmentRef;
  readonly externalRef?: ExternalRef;
}
