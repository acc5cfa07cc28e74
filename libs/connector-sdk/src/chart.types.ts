/** What an account is used for; providers map their own categories onto these. */
export type AccountKind = 'expense' | 'revenue' | 'deposit' | 'balance' | 'vat' | 'other';

/** One account of the company's chart of accounts at the provider. */
export interface Account {
  /** The ledger number as text, because providers differ in width and leading zeros matter. */
  readonly number: string;
  readonly name: string;
  /** `deposit`: bank, card wallet and cash accounts an expense can be paid from. */
  readonly kind: AccountKind;
  /** The tax code the provider applies when a line names none. */
  readonly defaultTaxCode?: string;
  /** False for hidden or closed accounts, which must not be offered for new postings. */
  readonly active: boolean;
  /**
   * Whether the provider itself lets an expense (purchase) line book to this account, as its own API says
   * (Dinero: the account is in `accounts/purchase`). Absent: the host treats `kind: 'expense'` as allowed.
   */
  readonly expenseAllowed?: boolean;
  /** The provider's own group name for the account, for display only: a free string, never interpreted. */
  readonly category?: string;
}

/** Whether a tax code applies to purchases (input VAT), sales (output VAT) or neither. */
export type TaxDirection = 'purchase' | 'sale' | 'none';

/** One VAT code at the provider (Dinero: `I25`, `U25`, `none`). */
export interface TaxCode {
  readonly code: string;
  readonly name: string;
  /** The rate as an integer in basis points: 25 % is 2500, so no float ever holds a rate. */
  readonly rateBasisPoints: number;
  readonly direction: TaxDirection;
}
