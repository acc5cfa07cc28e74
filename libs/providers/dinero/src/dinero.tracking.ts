import {
  ConnectorError,
  type CallOptions,
  type ChangeCursor,
  type ChangesPage,
  type ExternalRef,
  type LookupHint,
  type LookupResult,
  type ProviderChange,
  type ProviderConnection,
  type TrackedDocument,
} from '@ledgerbridge/connector-sdk';
import { DineroClient } from './client/dinero-client';
import type { DineroJournal } from './dinero.journal';
import { confirmedMissing, findVoucherByReceipt, readVoucher } from './dinero.voucher-lookup';
import type { ReadVoucher } from './payloads/write-answers.payload';

/** Purchase vouchers read one call each, so a page reads only this many and leaves budget for exports. */
export const VOUCHER_READS_PER_PAGE = 20;
const CURSOR = /^watched:(\d+)$/;

/**
 * Finding documents again and following their state. Dinero has no change feed for vouchers or ledger items, so
 * `changesSince` answers for the watched documents: each purchase voucher by `GET /v1/{org}/vouchers/purchase/{guid}`
 * (the document's only read of one voucher), ledger items by `POST /v1/{org}/ledgeritems/status`.
 */
export class DineroTracking {
  constructor(
    private readonly client: DineroClient,
    private readonly journal: DineroJournal,
  ) {}

  async findByExternalRef(
    connection: ProviderConnection,
    externalRef: ExternalRef,
    hint: LookupHint | undefined,
    options?: CallOptions,
  ): Promise<LookupResult> {
    this.client.throwIfStopped(options, `looking up ${externalRef} in organization ${connection.organizationId}`);
    if (hint?.kind === 'journalEntry') return this.findLedgerItem(connection, hint.journalEntryId, options);
    const fileGuid = hint?.attachmentRef?.id;
    if (fileGuid === undefined) {
      return {
        kind: 'unknown',
        reason:
          'Dinero finds a purchase voucher draft only through the receipt it uses, and this expense has none; ' +
          'check the drafts (Kladder) in Dinero by hand.',
      };
    }
    return findVoucherByReceipt(this.client, connection, externalRef, fileGuid, options);
  }

  /**
   * The state of each watched document; the cursor is the position in `watched` to go on from, since Dinero has
   * no feed to hold a place in. Vouchers are read at most VOUCHER_READS_PER_PAGE a page.
   */
  async changesSince(
    connection: ProviderConnection,
    cursor: ChangeCursor | null,
    watched: readonly TrackedDocument[] = [],
    options?: CallOptions,
  ): Promise<ChangesPage> {
    this.client.throwIfStopped(options, `reading the state of documents in organization ${connection.organizationId}`);
    const match = cursor === null ? null : CURSOR.exec(cursor);
    if (cursor !== null && match === null) {
      throw new ConnectorError('validation', `"${cursor}" is not a Dinero change cursor.`, { field: 'cursor' });
    }
    const start = Math.min(match === null ? 0 : Number(match[1]), watched.length);
    const changes: ProviderChange[] = [];
    // Ledger items are all read at the first page: one status call covers a thousand of them.
    if (start === 0) changes.push(...(await this.ledgerChanges(connection, watched, options)));
    const vouchers = watched
      .map((doc, position) => ({ doc, position }))
      .filter(({ doc }) => doc.kind === 'expenseVoucher');
    const pending = vouchers.filter(({ position }) => position >= start);
    const page = pending.slice(0, VOUCHER_READS_PER_PAGE);
    for (const { doc } of page) {
      const voucher = await readVoucher(this.client, connection, doc.providerId, options);
      const change = voucherChange(doc, voucher);
      if (change !== undefined) changes.push(change);
    }
    const next = pending[VOUCHER_READS_PER_PAGE];
    return {
      changes,
      nextCursor: `watched:${next === undefined ? 0 : next.position}`,
      hasMore: next !== undefined,
    };
  }

  private async ledgerChanges(
    connection: ProviderConnection,
    watched: readonly TrackedDocument[],
    options?: CallOptions,
  ): Promise<ProviderChange[]> {
    const items = watched.filter((doc) => doc.kind === 'journalEntry');
    if (items.length === 0) return [];
    const states = await this.journal.statuses(
      connection,
      items.map((doc) => doc.providerId),
      options,
    );
    const changes: ProviderChange[] = [];
    for (const doc of items) {
      const state = states.get(doc.providerId.toLowerCase());
      const ref = doc.externalRef !== undefined ? { externalRef: doc.externalRef } : {};
      // The status list leaves out an Id it does not hold: an unbooked item deleted in the Kassekladde.
      if (state === undefined) changes.push({ providerId: doc.providerId, ...ref, status: 'deleted' });
      else if (state.status !== undefined) {
        changes.push({
          providerId: doc.providerId,
          ...ref,
          status: state.status,
          ...(state.version !== undefined && { providerVersion: state.version }),
          ...(state.voucherNumber !== undefined && { voucherNumber: state.voucherNumber }),
        });
      }
    }
    return changes;
  }

  private async findLedgerItem(
    connection: ProviderConnection,
    id: string | undefined,
    options?: CallOptions,
  ): Promise<LookupResult> {
    if (id === undefined) {
      return { kind: 'unknown', reason: 'A ledger item is found by its own Id, and the lookup was given none.' };
    }
    let states;
    try {
      states = await this.journal.statuses(connection, [id], options);
    } catch (error) {
      if (confirmedMissing(error)) return { kind: 'absent' };
      throw error;
    }
    const state = states.get(id.toLowerCase());
    if (state === undefined) return { kind: 'absent' };
    if (state.status === undefined) {
      return { kind: 'unknown', reason: `Dinero reports ledger item ${id} as "${state.rawStatus ?? 'no status'}".` };
    }
    return {
      kind: 'found',
      providerId: id,
      providerStatus: state.status,
      ...(state.version !== undefined && { providerVersion: state.version }),
    };
  }
}

/** A voucher's state as a change: gone or `Deleted` (a booked one annulled) is `deleted`; unknown text is skipped. */
function voucherChange(doc: TrackedDocument, voucher: ReadVoucher | undefined): ProviderChange | undefined {
  const ref = doc.externalRef !== undefined ? { externalRef: doc.externalRef } : {};
  if (voucher === undefined) return { providerId: doc.providerId, ...ref, status: 'deleted' };
  if (voucher.status === undefined) return undefined;
  return {
    providerId: doc.providerId,
    ...ref,
    status: voucher.status,
    ...(voucher.timestamp !== undefined && { providerVersion: voucher.timestamp }),
    ...(voucher.voucherNumber !== undefined && { voucherNumber: voucher.voucherNumber }),
  };
}
