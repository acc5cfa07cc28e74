/**
 * What each transaction sent to LedgerBridge must look like in Dinero's books, computed from first principles
 * (README "Posting rules" and Dinero's VAT rules), never with libs/mapping: the audit must catch a mapping bug too.
 */

export type TransactionKind = 'card_expense' | 'out_of_pocket_expense' | 'reimbursement' | 'wallet_top_up';

/** A transaction as the scenario sent it to LedgerBridge (amounts in minor units, as integers). */
export interface ExpectedTransaction {
  platformId: string;
  kind: TransactionKind;
  bookingDate: string;
  /** Gross, in the transaction's own currency. */
  amount: { amountMinor: number; currency: string };
  /** The DKK amount it was settled at; required when `amount` is not in DKK. */
  settledAmountMinor?: number;
  merchant?: string;
  description?: string;
  employee?: string;
  categoryKey?: string;
  taxCode?: string;
  splitLines?: ReadonlyArray<{ categoryKey: string; taxCode?: string; amountMinor: number }>;
  /** Reimbursements only. */
  paidFrom?: 'wallet' | 'outside';
  /** SHA-256 (hex) of the receipt bytes as uploaded to LedgerBridge; expenses without one have no attachment. */
  receiptSha256?: string;
  /**
   * The export id, when the scenario learnt it; without it the document is found by its line description, which
   * must then be unique among the expected transactions.
   */
  exportId?: string;
}

export interface VatRule {
  rateBasisPoints: number;
  /** Share of the VAT that may be deducted (restaurants: 2500); absent: all of it. */
  deductibleShareBasisPoints?: number;
  /** The price holds no VAT; the buyer self-assesses it, so the line shows none. */
  reverseCharge?: boolean;
}

/** The company's setup and categories in LedgerBridge, and the organization's chart facts the rules use. */
export interface BooksSetup {
  depositAccount: number;
  outOfPocketAccount: number;
  reimbursementAccount: number;
  fundingAccount?: number;
  categories: Record<string, { accountNumber: number; taxCode?: string }>;
  /** Each expense account's default VAT code in the organization's chart. */
  accountVatCodes: Record<number, string>;
  vatRules: Record<string, VatRule>;
}

export interface ExpectedVoucherLine {
  accountNumber: number;
  vatCode: string;
  grossOre: number;
  /** How far the booked gross may be from `grossOre`: 1 øre when a foreign amount was scaled to DKK. */
  toleranceOre: number;
}

export type ExpectedDocument =
  | {
      type: 'voucher';
      transaction: ExpectedTransaction;
      /** ExternalReference forms that name the export id (the issue says the id; the rules prefix `lb-export-`). */
      references?: string[];
      description: string;
      date: string;
      depositAccount: number;
      totalOre: number;
      lines: ExpectedVoucherLine[];
    }
  | {
      type: 'ledger_item';
      transaction: ExpectedTransaction;
      /** The ledger item's Id (the export id), when known. */
      references?: string[];
      description: string;
      date: string;
      /** Signed øre per account: debit positive, credit negative; they sum to zero. */
      postings: Map<number, number>;
    };

export function roundHalfAwayFromZero(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

/** The VAT a purchase line shows in Dinero: the deductible part of the VAT contained in its gross amount. */
export function shownVatOre(grossOre: number, rule: VatRule | undefined): number {
  if (!rule || rule.rateBasisPoints === 0 || rule.reverseCharge) return 0;
  const vat = roundHalfAwayFromZero((grossOre * rule.rateBasisPoints) / (10000 + rule.rateBasisPoints));
  return roundHalfAwayFromZero((vat * (rule.deductibleShareBasisPoints ?? 10000)) / 10000);
}

function bookedOre(transaction: ExpectedTransaction): number {
  if (transaction.amount.currency === 'DKK') return transaction.amount.amountMinor;
  if (transaction.settledAmountMinor === undefined)
    throw new Error(`${transaction.platformId}: a ${transaction.amount.currency} transaction needs its DKK amount.`);
  return transaction.settledAmountMinor;
}

/** The line description the rules write, which identifies a document when its export id is unknown. */
export function expectedDescription(transaction: ExpectedTransaction): string {
  const trimmed = (text: string | undefined) => text?.trim() ?? '';
  switch (transaction.kind) {
    case 'card_expense':
    case 'out_of_pocket_expense':
      return [trimmed(transaction.merchant), trimmed(transaction.description)].filter(Boolean).join(': ');
    case 'reimbursement':
      return (
        trimmed(transaction.description) ||
        (transaction.employee ? `Reimbursement to ${transaction.employee}` : 'Reimbursement')
      );
    case 'wallet_top_up':
      return trimmed(transaction.description) || 'Wallet top-up';
  }
}

function voucherLines(transaction: ExpectedTransaction, setup: BooksSetup): ExpectedVoucherLine[] {
  const sources = transaction.splitLines ?? [
    { categoryKey: transaction.categoryKey ?? '', taxCode: undefined, amountMinor: transaction.amount.amountMinor },
  ];
  const merged = new Map<string, { accountNumber: number; vatCode: string; amount: number }>();
  for (const source of sources) {
    const category = setup.categories[source.categoryKey];
    if (!category) throw new Error(`${transaction.platformId}: category "${source.categoryKey}" is not in the setup.`);
    const vatCode =
      source.taxCode ?? transaction.taxCode ?? category.taxCode ?? setup.accountVatCodes[category.accountNumber];
    if (!vatCode) throw new Error(`${transaction.platformId}: no VAT code for account ${category.accountNumber}.`);
    // One Dinero line per account and VAT code.
    const key = `${category.accountNumber}/${vatCode}`;
    const line = merged.get(key) ?? { accountNumber: category.accountNumber, vatCode, amount: 0 };
    line.amount += source.amountMinor;
    merged.set(key, line);
  }
  const lines = [...merged.values()];
  const total = bookedOre(transaction);
  const foreign = transaction.amount.currency !== 'DKK';
  const original = lines.reduce((sum, line) => sum + line.amount, 0);
  return lines
    .map((line) => ({
      accountNumber: line.accountNumber,
      vatCode: line.vatCode,
      // A foreign line's exact DKK share; any fair rounding lands within one øre of it.
      grossOre: foreign ? Math.round((total * line.amount) / original) : line.amount,
      toleranceOre: foreign && lines.length > 1 ? 1 : 0,
    }))
    .filter((line) => line.grossOre !== 0 || line.toleranceOre > 0);
}

function postings(transaction: ExpectedTransaction, setup: BooksSetup): Map<number, number> {
  const amount = bookedOre(transaction);
  const [debit, credit] =
    transaction.kind === 'reimbursement'
      ? [
          setup.outOfPocketAccount,
          transaction.paidFrom === 'wallet' ? setup.depositAccount : setup.reimbursementAccount,
        ]
      : [setup.depositAccount, setup.fundingAccount ?? setup.reimbursementAccount];
  return new Map([
    [debit, amount],
    [credit, -amount],
  ]);
}

export function expectedDocument(transaction: ExpectedTransaction, setup: BooksSetup): ExpectedDocument {
  const description = expectedDescription(transaction);
  if (transaction.kind === 'card_expense' || transaction.kind === 'out_of_pocket_expense') {
    return {
      type: 'voucher',
      transaction,
      ...(transaction.exportId && { references: [transaction.exportId, `lb-export-${transaction.exportId}`] }),
      description,
      date: transaction.bookingDate,
      depositAccount: transaction.kind === 'card_expense' ? setup.depositAccount : setup.outOfPocketAccount,
      totalOre: bookedOre(transaction),
      lines: voucherLines(transaction, setup),
    };
  }
  return {
    type: 'ledger_item',
    transaction,
    ...(transaction.exportId && { references: [transaction.exportId] }),
    description,
    date: transaction.bookingDate,
    postings: postings(transaction, setup),
  };
}
