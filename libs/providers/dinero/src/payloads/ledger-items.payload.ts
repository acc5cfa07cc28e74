import { ConnectorError, journalEntryProblems, type JournalEntry, type JournalLine } from '@ledgerbridge/connector-sdk';
import type { DineroLedgerItem, DineroLedgerItemLine } from './dinero-wire.types';
import { accountNumberOf, dineroDateOf, kronerOf } from './money.payload';

/** Dinero's limit on items in one ledger create. */
export const LEDGER_ITEMS_PER_REQUEST = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reimbursements and wallet top-ups as the array body of `POST /v1.2/{org}/ledgeritems`. Each item keeps the
 * caller's id as `Id`, so re-sending it answers 409 "Duplicated entity" instead of booking twice.
 */
export function ledgerItemsBody(entries: readonly JournalEntry[]): DineroLedgerItem[] {
  if (entries.length === 0 || entries.length > LEDGER_ITEMS_PER_REQUEST) {
    throw new ConnectorError(
      'validation',
      `Dinero takes 1 to ${LEDGER_ITEMS_PER_REQUEST} ledger items per request, got ${entries.length}.`,
    );
  }
  return entries.map((entry, itemIndex) => ledgerItemBody(entry, itemIndex));
}

/**
 * One balanced entry as a `LedgerItemModelV2`, refused alone (fields named `[itemIndex]…`) so a batch can report
 * each bad item beside the good ones. Dinero lines pair an account with a balancing account: two postings make
 * one line; more make one line per posting against the single posting on the other side.
 */
export function ledgerItemBody(entry: JournalEntry, itemIndex = 0): DineroLedgerItem {
  const at = (name: string) => `[${itemIndex}].${name}`;
  if (!UUID.test(entry.id)) {
    throw new ConnectorError('validation', `A Dinero ledger item id must be a UUID, got "${entry.id}".`, {
      field: at('Id'),
    });
  }
  const problems = journalEntryProblems(entry);
  if (problems.length > 0) {
    throw new ConnectorError('validation', `Ledger item ${entry.id} cannot be posted: ${problems.join('; ')}.`, {
      field: at('Lines'),
    });
  }
  return {
    Id: entry.id,
    VoucherDate: dineroDateOf(entry.date, at('VoucherDate')),
    ...(entry.attachmentRef !== undefined && { FileGuid: entry.attachmentRef.id }),
    Lines: pairedLines(entry, at),
  };
}

// Splitting a posting that carries VAT over several Dinero lines would round its VAT per part.
function isVatFree(line: JournalLine): boolean {
  return line.taxCode?.toLowerCase() === 'none';
}

function pairedLines(entry: JournalEntry, at: (name: string) => string): DineroLedgerItemLine[] {
  const indexed = entry.lines.map((line, index) => ({ line, index }));
  const [first, second] = indexed;
  if (indexed.length === 2 && first !== undefined && second !== undefined) return [dineroLine(first, second, at)];
  const debits = indexed.filter(({ line }) => line.amount.amountMinor > 0n);
  const credits = indexed.filter(({ line }) => line.amount.amountMinor < 0n);
  const shared = credits.length === 1 ? credits[0] : debits.length === 1 ? debits[0] : undefined;
  if (shared === undefined) {
    throw new ConnectorError(
      'validation',
      `Ledger item ${entry.id} has ${debits.length} debit and ${credits.length} credit lines; Dinero pairs each line ` +
        `with one balancing account, so one side must be a single line. Split it into entries that are.`,
      { field: at('Lines') },
    );
  }
  if (!isVatFree(shared.line)) {
    throw new ConnectorError(
      'validation',
      `Ledger item ${entry.id}: line ${shared.index + 1} balances several lines, so Dinero would split it and ` +
        `round its VAT per part; give it the tax code "none" or split the entry.`,
      { field: at(`Lines[${shared.index}].taxCode`) },
    );
  }
  return indexed.filter((side) => side !== shared).map((side) => dineroLine(side, shared, at));
}

/** `side`'s signed amount on its account, balanced by `counter`'s account; each side keeps its own VAT code. */
function dineroLine(
  side: { readonly line: JournalLine; readonly index: number },
  counter: { readonly line: JournalLine; readonly index: number },
  at: (name: string) => string,
): DineroLedgerItemLine {
  const field = (index: number, name: string) => at(`Lines[${index}].${name}`);
  return {
    Description: side.line.description,
    Amount: kronerOf(side.line.amount, field(side.index, 'Amount')),
    AccountNumber: accountNumberOf(side.line.accountNumber, field(side.index, 'AccountNumber')),
    AccountVatCode: side.line.taxCode ?? null,
    BalancingAccountNumber: accountNumberOf(counter.line.accountNumber, field(counter.index, 'AccountNumber')),
    BalancingAccountVatCode: counter.line.taxCode ?? null,
  };
}
