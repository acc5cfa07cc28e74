import type { Account, ExpenseVoucher, IsoDate, JournalEntry, Money, TaxCode } from '@ledgerbridge/connector-sdk';

/** The four kinds of money movement the expense platform hands LedgerBridge. */
export type TransactionKind = 'card_expense' | 'out_of_pocket_expense' | 'reimbursement' | 'wallet_top_up';

/** What a foreign-currency transaction was settled at in the books' currency (DKK for a Danish company). */
export interface Settlement {
  /** The amount that left the wallet or is owed, in the books' currency; the voucher books this. */
  readonly amount: Money;
  /** The rate the platform applied, as it sent it (decimal text, e.g. "7.4561"); stored for display only. */
  readonly rate: string;
}

/** One part of a split expense: its own category, optional VAT code and gross amount. */
export interface SplitLine {
  readonly categoryKey: string;
  /** Overrides the category's default VAT code for this line. */
  readonly taxCode?: string;
  /** Gross (VAT-inclusive), in the transaction's currency; the lines add up to the transaction's amount. */
  readonly amount: Money;
}

interface TransactionBase {
  /** The platform's own id for the transaction. */
  readonly platformId: string;
  readonly bookingDate: IsoDate;
  /** Gross (VAT-inclusive), in minor units; negative for a refund. In the original currency when foreign. */
  readonly amount: Money;
  /** Required when `amount` is not in the books' currency. */
  readonly settlement?: Settlement;
}

/** A card or out-of-pocket expense. */
export interface ExpenseTransaction extends TransactionBase {
  readonly kind: 'card_expense' | 'out_of_pocket_expense';
  readonly merchant: string;
  readonly description: string;
  readonly employee: string;
  readonly categoryKey: string;
  /** Overrides the category's default VAT code (for every line that names none). */
  readonly taxCode?: string;
  /** Present when the expense is split over several categories or VAT codes. */
  readonly splitLines?: readonly SplitLine[];
}

/** Money paid back to an employee for an out-of-pocket expense; negative when the employee pays back. */
export interface ReimbursementTransaction extends TransactionBase {
  readonly kind: 'reimbursement';
  /** `wallet`: paid out of the card wallet; `outside`: bank transfer or payroll, outside the platform. */
  readonly paidFrom: 'wallet' | 'outside';
  readonly employee?: string;
  readonly description?: string;
}

/** Money put into the card wallet; negative when it is taken back out. */
export interface WalletTopUpTransaction extends TransactionBase {
  readonly kind: 'wallet_top_up';
  readonly description?: string;
}

/** A transaction as the ingest stores it. */
export type Transaction = ExpenseTransaction | ReimbursementTransaction | WalletTopUpTransaction;

/** Which of the company's accounts money is paid from (persistence: `company_setups`); null or absent: not chosen. */
export interface CompanySetup {
  /** The card wallet's deposit account. */
  readonly depositAccount?: string | null;
  readonly outOfPocketAccount?: string | null;
  readonly reimbursementAccount?: string | null;
  /** Where wallet top-ups come from; absent: the reimbursement account. */
  readonly fundingAccount?: string | null;
}

/** One of the company's expense categories, keyed by the platform's category key. */
export interface Category {
  readonly key: string;
  readonly name?: string;
  /** The expense account it books to; null or absent: not mapped yet. */
  readonly accountNumber?: string | null;
  /** Its default VAT code; absent: the account's default VAT code. */
  readonly taxCode?: string | null;
}

/**
 * A synced VAT code with what the connector-sdk's `TaxCode` does not say: how much of its VAT may be deducted
 * and whether it is a reverse-charge code. Both are the company's own facts about the code (Dinero's `vatTypes`
 * give only code, name and rate).
 */
export interface VatCode extends TaxCode {
  /** The deductible share of the VAT in basis points (restaurant meals in Denmark: 2500); absent: 10000. */
  readonly deductibleShareBasisPoints?: number;
  /** The price paid holds no VAT; the buyer self-assesses VAT at the rate (EU services: `IEUY`). */
  readonly reverseCharge?: boolean;
}

/** The company's chart as last synced from the provider. */
export interface SyncedChart {
  readonly accounts: readonly Account[];
  readonly taxCodes: readonly VatCode[];
}

/** Everything besides the transaction that decides its postings. */
export interface MappingContext {
  /** LedgerBridge's export id (a UUID): the journal entry's id and the voucher's external reference. */
  readonly exportId: string;
  /** The currency the books are kept in ("DKK"); every posting is in it. */
  readonly booksCurrency: string;
  /** Null when the company has not saved a setup. */
  readonly setup: CompanySetup | null;
  readonly categories: readonly Category[];
  readonly chart: SyncedChart;
}

export type AttentionCode =
  | 'setup_incomplete'
  | 'account_unknown'
  | 'account_inactive'
  | 'account_not_for_expenses'
  | 'account_not_deposit'
  | 'same_account'
  | 'category_unknown'
  | 'category_without_account'
  | 'vat_code_missing'
  | 'vat_code_unknown'
  | 'vat_code_not_for_purchases'
  | 'split_lines_mismatch'
  | 'foreign_currency_unsettled'
  | 'settlement_invalid'
  | 'amount_zero';

/** Why a transaction cannot be exported as it stands; `field` names where to fix it. */
export interface AttentionReason {
  readonly code: AttentionCode;
  readonly message: string;
  readonly field?: string;
}

/** One voucher line with the net and VAT the rules computed from its gross amount, for preview and checks. */
export interface VoucherLineBreakdown {
  readonly accountNumber: string;
  /** The categories whose lines were merged into this one (same account and VAT code). */
  readonly categoryKeys: readonly string[];
  readonly taxCode: string;
  readonly rateBasisPoints: number;
  /** net + vat = gross, to the øre. */
  readonly gross: Money;
  readonly net: Money;
  /** The VAT contained in `gross` (zero for 0 % and reverse-charge codes). */
  readonly vat: Money;
  /** deductibleVat + nonDeductibleVat = vat; the non-deductible part is a cost on the expense account. */
  readonly deductibleVat: Money;
  readonly nonDeductibleVat: Money;
  /** Reverse charge: the VAT the buyer self-assesses on top of `gross` (booked both as input and output VAT). */
  readonly reverseChargeVat: Money;
}

export type MappingResult =
  | {
      readonly kind: 'expense_voucher';
      readonly voucher: ExpenseVoucher;
      readonly lines: readonly VoucherLineBreakdown[];
    }
  | { readonly kind: 'journal_entry'; readonly entry: JournalEntry }
  | { readonly kind: 'needs_attention'; readonly reasons: readonly AttentionReason[] };
