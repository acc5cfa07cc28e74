import { externalRef, money, type ExpenseVoucherLine, type Money } from '@ledgerbridge/connector-sdk';
import { allocateLargestRemainder } from './allocate';
import { setupAccount, usableAccount, usableVatCode, type Reasons } from './chart-checks';
import type {
  ExpenseTransaction,
  MappingContext,
  MappingResult,
  SplitLine,
  VatCode,
  VoucherLineBreakdown,
} from './mapping.types';
import { vatSplit } from './vat';

/** A line resolved to its account and VAT code, in the transaction's own currency. */
interface ResolvedLine {
  readonly accountNumber: string;
  readonly categoryKeys: string[];
  readonly vatCode: VatCode;
  amountMinor: bigint;
}

function sourceLines(transaction: ExpenseTransaction): { line: SplitLine; prefix: string }[] {
  const split = transaction.splitLines ?? [];
  if (split.length === 0) {
    const line = { categoryKey: transaction.categoryKey, taxCode: transaction.taxCode, amount: transaction.amount };
    return [{ line, prefix: '' }];
  }
  return split.map((line, index) => ({
    line: { ...line, taxCode: line.taxCode ?? transaction.taxCode },
    prefix: `splitLines[${index}].`,
  }));
}

function checkSplitTotal(transaction: ExpenseTransaction, reasons: Reasons): void {
  const split = transaction.splitLines ?? [];
  if (split.length === 0) return;
  const { amountMinor, currency } = transaction.amount;
  let total = 0n;
  for (const [index, line] of split.entries()) {
    if (line.amount.currency !== currency) {
      reasons.add({
        code: 'split_lines_mismatch',
        message: `Split line ${index + 1} is in ${line.amount.currency}; the expense is in ${currency}.`,
        field: `splitLines[${index}].amount`,
      });
    } else if (line.amount.amountMinor === 0n) {
      reasons.add({
        code: 'split_lines_mismatch',
        message: `Split line ${index + 1} is zero, which books nothing.`,
        field: `splitLines[${index}].amount`,
      });
    }
    total += line.amount.amountMinor;
  }
  if (total !== amountMinor) {
    reasons.add({
      code: 'split_lines_mismatch',
      message: `The split lines add up to ${total} minor units of ${currency}, the expense is ${amountMinor}.`,
      field: 'splitLines',
    });
  }
}

function resolveLine(
  { line, prefix }: { line: SplitLine; prefix: string },
  context: MappingContext,
  reasons: Reasons,
): ResolvedLine | undefined {
  const category = context.categories.find((candidate) => candidate.key === line.categoryKey);
  if (category === undefined) {
    reasons.add({
      code: 'category_unknown',
      message: `Category "${line.categoryKey}" is not one of the company's categories.`,
      field: `${prefix}categoryKey`,
    });
    return undefined;
  }
  const accountNumber = category.accountNumber?.trim();
  if (!accountNumber) {
    reasons.add({
      code: 'category_without_account',
      message: `Category "${category.key}" has no expense account yet.`,
      field: `categories.${category.key}.accountNumber`,
    });
    return undefined;
  }
  const accountField = `categories.${category.key}.accountNumber`;
  const account = usableAccount(context, accountNumber, accountField, reasons);
  if (account !== undefined && !(account.expenseAllowed ?? account.kind === 'expense')) {
    reasons.add({
      code: 'account_not_for_expenses',
      message: `Account ${account.number} (${account.name}) does not take expense lines at the provider.`,
      field: accountField,
    });
    return undefined;
  }
  const code = line.taxCode?.trim() || category.taxCode?.trim() || account?.defaultTaxCode?.trim();
  const codeField = line.taxCode?.trim() ? `${prefix}taxCode` : `categories.${category.key}.taxCode`;
  // Without a usable account its default VAT code is unknown, so only the account's own reason is news.
  if (!code && account === undefined) return undefined;
  if (!code) {
    reasons.add({
      code: 'vat_code_missing',
      message: `No VAT code: the line names none, and neither category "${category.key}" nor its account has one.`,
      field: codeField,
    });
    return undefined;
  }
  const vatCode = usableVatCode(context, code, codeField, reasons);
  if (account === undefined || vatCode === undefined) return undefined;
  return { accountNumber, categoryKeys: [category.key], vatCode, amountMinor: line.amount.amountMinor };
}

// One voucher line per account and VAT code, as Dinero wants; merging first means VAT is rounded once per line.
function merged(lines: readonly ResolvedLine[]): ResolvedLine[] {
  const byKey = new Map<string, ResolvedLine>();
  for (const line of lines) {
    const key = `${line.accountNumber}\u0000${line.vatCode.code}`;
    const existing = byKey.get(key);
    if (existing === undefined) byKey.set(key, { ...line, categoryKeys: [...line.categoryKeys] });
    else {
      existing.amountMinor += line.amountMinor;
      for (const categoryKey of line.categoryKeys) {
        if (!existing.categoryKeys.includes(categoryKey)) existing.categoryKeys.push(categoryKey);
      }
    }
  }
  return [...byKey.values()];
}

function breakdown(line: ResolvedLine, gross: bigint, currency: string): VoucherLineBreakdown {
  const split = vatSplit(gross, line.vatCode);
  const inBooks = (amount: bigint) => money(amount, currency);
  return {
    accountNumber: line.accountNumber,
    categoryKeys: Object.freeze([...line.categoryKeys]),
    taxCode: line.vatCode.code,
    rateBasisPoints: line.vatCode.rateBasisPoints,
    gross: inBooks(split.gross),
    net: inBooks(split.net),
    vat: inBooks(split.vat),
    deductibleVat: inBooks(split.deductibleVat),
    nonDeductibleVat: inBooks(split.nonDeductibleVat),
    reverseChargeVat: inBooks(split.reverseChargeVat),
  };
}

/** Card and out-of-pocket expenses: an expense voucher draft, VAT-inclusive lines per account and VAT code. */
export function expenseVoucherRule(
  transaction: ExpenseTransaction,
  context: MappingContext,
  booked: Money | undefined,
  reasons: Reasons,
): MappingResult {
  const setup = context.setup;
  const paidFrom =
    transaction.kind === 'card_expense'
      ? setupAccount(context, setup?.depositAccount, 'depositAccount', 'deposit account (card wallet)', reasons)
      : setupAccount(context, setup?.outOfPocketAccount, 'outOfPocketAccount', 'out-of-pocket account', reasons);
  if (paidFrom !== undefined && paidFrom.kind !== 'deposit') {
    const field = transaction.kind === 'card_expense' ? 'setup.depositAccount' : 'setup.outOfPocketAccount';
    reasons.add({
      code: 'account_not_deposit',
      message: `Account ${paidFrom.number} (${paidFrom.name}) is not a deposit account; an expense is paid from one.`,
      field,
    });
  }
  checkSplitTotal(transaction, reasons);
  const resolved = sourceLines(transaction).map((source) => resolveLine(source, context, reasons));
  if (reasons.any || paidFrom === undefined || booked === undefined) {
    return { kind: 'needs_attention', reasons: reasons.list };
  }
  const lines = merged(resolved.filter((line): line is ResolvedLine => line !== undefined));
  // Foreign lines are scaled to the settled amount so they still add up to it, to the øre.
  const grossParts =
    transaction.amount.currency === booked.currency
      ? lines.map((line) => line.amountMinor)
      : allocateLargestRemainder(
          booked.amountMinor,
          lines.map((line) => line.amountMinor),
        );
  const description = [transaction.merchant.trim(), transaction.description.trim()].filter(Boolean).join(': ');
  const kept = lines
    .map((line, index) => ({ line, gross: grossParts[index] ?? 0n }))
    // A part scaled to zero øre posts nothing; the others still add up to the total.
    .filter(({ gross }) => gross !== 0n);
  const breakdowns = kept.map(({ line, gross }) => breakdown(line, gross, booked.currency));
  const voucherLines: ExpenseVoucherLine[] = breakdowns.map((line) =>
    Object.freeze({ accountNumber: line.accountNumber, description, amount: line.gross, taxCode: line.taxCode }),
  );
  const voucher = Object.freeze({
    date: transaction.bookingDate,
    paidFromAccount: paidFrom.number,
    lines: Object.freeze(voucherLines),
    externalRef: externalRef(`lb-export-${context.exportId}`),
  });
  return { kind: 'expense_voucher', voucher, lines: Object.freeze(breakdowns) };
}
