import { ConnectorError, type JournalEntry } from '@ledgerbridge/connector-sdk';
import type { DineroLedgerItem, DineroLedgerItemLine } from './dinero-wire.types';
import { accountNumberOf, dineroDateOf, kronerOf } from './money.payload';

/** Dinero's limit on items in one ledger create. */
export const LEDGER_ITEMS_PER_REQUEST = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reimbursements and wallet top-ups as the array body of `POST /v1.2/{org}/ledgeritems`. Each item keeps the
 * caller's id as `Id`, so re-sending it answers 409 "Duplicated entity" instead of booking twice.
 * VAT is carried once, on `AccountNumber`; the balancing side (a deposit account) is sent with "none".
 */
export function ledgerItemsBody(entries: readonly JournalEntry[]): DineroLedgerItem[] {
  if (entries.length === 0 || entries.length > LEDGER_ITEMS_PER_REQUEST) {
    throw new ConnectorError(
      'validation',
      `Dinero takes 1 to ${LEDGER_ITEMS_PER_REQUEST} ledger items per request, got ${entries.length}.`,
    );
  }
  return entries.map((entry, itemIndex): DineroLedgerItem => {
    const at = (name: string) => `[${itemIndex}].${name}`;
    if (!UUID.test(entry.id)) {
      throw new ConnectorError('validation', `A Dinero ledger item id must be a UUID, got "${entry.id}".`, {
        field: at('Id'),
      });
    }
    if (entry.lines.length === 0) {
      throw new ConnectorError('validation', `Ledger item ${entry.id} has no lines.`, { field: at('Lines') });
    }
    const lines = entry.lines.map((line, lineIndex): DineroLedgerItemLine => {
      const field = (name: string) => at(`Lines[${lineIndex}].${name}`);
      return {
        Description: line.description,
        Amount: kronerOf(line.amount, field('Amount')),
        AccountNumber: accountNumberOf(line.accountNumber, field('AccountNumber')),
        AccountVatCode: line.taxCode ?? null,
        BalancingAccountNumber: accountNumberOf(line.balancingAccountNumber, field('BalancingAccountNumber')),
        BalancingAccountVatCode: 'none',
      };
    });
    return {
      Id: entry.id,
      VoucherDate: dineroDateOf(entry.date, at('VoucherDate')),
      ...(entry.attachmentRef !== undefined && { FileGuid: entry.attachmentRef.id }),
      Lines: lines,
    };
  });
}
