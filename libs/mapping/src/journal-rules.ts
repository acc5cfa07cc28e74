import { balancedJournalEntry, externalRef, money, type Account, type Money } from '@ledgerbridge/connector-sdk';
import { setupAccount, type Reasons } from './chart-checks';
import type { MappingContext, MappingResult, ReimbursementTransaction, WalletTopUpTransaction } from './mapping.types';

interface Sides {
  readonly debit: Account | undefined;
  readonly credit: Account | undefined;
  readonly description: string;
}

function reimbursementSides(transaction: ReimbursementTransaction, context: MappingContext, reasons: Reasons): Sides {
  const setup = context.setup;
  const debit = setupAccount(
    context,
    setup?.outOfPocketAccount,
    'outOfPocketAccount',
    'out-of-pocket account',
    reasons,
  );
  const credit =
    transaction.paidFrom === 'wallet'
      ? setupAccount(context, setup?.depositAccount, 'depositAccount', 'deposit account (card wallet)', reasons)
      : setupAccount(context, setup?.reimbursementAccount, 'reimbursementAccount', 'reimbursement account', reasons);
  const fallback = transaction.employee ? `Reimbursement to ${transaction.employee}` : 'Reimbursement';
  return { debit, credit, description: transaction.description?.trim() || fallback };
}

function topUpSides(transaction: WalletTopUpTransaction, context: MappingContext, reasons: Reasons): Sides {
  const setup = context.setup;
  const debit = setupAccount(
    context,
    setup?.depositAccount,
    'depositAccount',
    'deposit account (card wallet)',
    reasons,
  );
  // The funding account is optional: a company that tops up from the account it reimburses from names only that.
  const funding = setup?.fundingAccount?.trim() ? setup.fundingAccount : undefined;
  const credit =
    funding !== undefined
      ? setupAccount(context, funding, 'fundingAccount', 'funding account', reasons)
      : setupAccount(
          context,
          setup?.reimbursementAccount,
          'fundingAccount',
          'funding account, nor a reimbursement account to default to',
          reasons,
        );
  return { debit, credit, description: transaction.description?.trim() || 'Wallet top-up' };
}

/** Reimbursements and top-ups: a booked journal entry of two VAT-free postings that balance to zero. */
export function journalEntryRule(
  transaction: ReimbursementTransaction | WalletTopUpTransaction,
  context: MappingContext,
  booked: Money | undefined,
  reasons: Reasons,
): MappingResult {
  const sides =
    transaction.kind === 'reimbursement'
      ? reimbursementSides(transaction, context, reasons)
      : topUpSides(transaction, context, reasons);
  const { debit, credit, description } = sides;
  if (debit !== undefined && credit !== undefined && debit.number === credit.number) {
    reasons.add({
      code: 'same_account',
      message: `Both sides would post to account ${debit.number}, which books nothing; choose different accounts.`,
      field: 'setup',
    });
  }
  if (reasons.any || debit === undefined || credit === undefined || booked === undefined) {
    return { kind: 'needs_attention', reasons: reasons.list };
  }
  const entry = balancedJournalEntry({
    id: context.exportId,
    date: transaction.bookingDate,
    lines: [
      { accountNumber: debit.number, amount: booked, description, taxCode: 'none' },
      {
        accountNumber: credit.number,
        amount: money(-booked.amountMinor, booked.currency),
        description,
        taxCode: 'none',
      },
    ],
    externalRef: externalRef(`lb-export-${context.exportId}`),
  });
  return { kind: 'journal_entry', entry };
}
