import { ConnectorError, type DocumentStatus, type ExportResult } from '@ledgerbridge/connector-sdk';

// Dinero's answers to writes and status reads, read defensively: the document leaves several shapes open.

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A written answer that cannot be read: the write may have happened, so the host must look it up. */
function unreadable(action: string, what: string): ConnectorError {
  return new ConnectorError('unknown', `Dinero's answer to ${action} had no ${what}; look the document up.`, {
    outcomeUnknown: true,
  });
}

/** `FileSavedReadModel` (or the bare string some clients show) → the `FileGuid`, opaque text, not always a GUID. */
export function fileGuidFrom(answer: unknown, action: string): string {
  const guid = isRecord(answer) ? text(answer['FileGuid'] ?? answer['fileGuid']) : text(answer);
  if (guid === undefined) throw unreadable(action, 'FileGuid');
  return guid;
}

/**
 * A purchase voucher's `Status` as the SDK's: cash vouchers read `Draft`/`Editing` until the accountant's
 * Godkend, then `Paid` (Betalte); credit ones `Booked`, `Overdue`, `Overpaid`. Unknown text → undefined.
 */
export function voucherStatusOf(status: unknown): DocumentStatus | 'deleted' | undefined {
  const value = typeof status === 'string' ? status.toLowerCase() : undefined;
  if (value === 'draft' || value === 'editing') return 'draft';
  if (value === 'paid' || value === 'booked' || value === 'overdue' || value === 'overpaid') return 'booked';
  if (value === 'deleted') return 'deleted';
  return undefined;
}

/** A ledger item's `Status` (`Draft`, `PendingBooking`, `Booked`) as the SDK's; unknown text → undefined. */
export function ledgerStatusOf(status: unknown): DocumentStatus | undefined {
  const value = typeof status === 'string' ? status.toLowerCase() : undefined;
  if (value === 'draft') return 'draft';
  if (value === 'pendingbooking') return 'pending';
  if (value === 'booked') return 'booked';
  return undefined;
}

/**
 * The create answer of a purchase voucher: the full `PurchaseVoucherReadModelV2` the document declares, the
 * `{ Guid, Timestamp }` older clients show, or a bare Guid string; any of them makes a draft.
 */
export function createdVoucherFrom(answer: unknown, action: string): ExportResult {
  const model = Array.isArray(answer) && answer.length === 1 ? answer[0] : answer;
  if (text(model) !== undefined) return { providerId: model as string, providerStatus: 'draft' };
  const guid = isRecord(model) ? text(model['Guid'] ?? model['guid']) : undefined;
  if (!isRecord(model) || guid === undefined) throw unreadable(action, 'voucher Guid');
  const timestamp = text(model['Timestamp'] ?? model['timestamp']);
  const status = voucherStatusOf(model['Status']);
  return {
    providerId: guid,
    providerStatus: status === 'booked' ? 'booked' : 'draft',
    ...(timestamp !== undefined && { providerVersion: timestamp }),
  };
}

/** One purchase voucher read back (`GET /v1/{org}/vouchers/purchase/{guid}`), as far as lookups use it. */
export interface ReadVoucher {
  readonly guid: string;
  readonly timestamp?: string;
  readonly status: DocumentStatus | 'deleted' | undefined;
  readonly externalReference?: string;
  readonly voucherNumber?: string;
}

export function readVoucherFrom(answer: unknown, action: string): ReadVoucher {
  if (!isRecord(answer) || text(answer['Guid']) === undefined) {
    throw new ConnectorError('unknown', `Dinero's answer to ${action} was not a purchase voucher.`, {
      outcomeUnknown: false,
    });
  }
  const timestamp = text(answer['Timestamp']);
  const reference = text(answer['ExternalReference']);
  const number = answer['VoucherNumber'];
  return {
    guid: answer['Guid'] as string,
    status: voucherStatusOf(answer['Status']),
    ...(timestamp !== undefined && { timestamp }),
    ...(reference !== undefined && { externalReference: reference }),
    ...(typeof number === 'number' && { voucherNumber: String(number) }),
  };
}

/** `GET …/vouchers/purchase/fileguid/{fileGuid}` → the draft Guids using that receipt (an array of strings). */
export function draftGuidsFrom(answer: unknown, action: string): string[] {
  const list = answer === undefined || answer === null ? [] : answer;
  if (!Array.isArray(list) || !list.every((guid) => text(guid) !== undefined)) {
    throw new ConnectorError('unknown', `Dinero's answer to ${action} was not a list of voucher Guids.`, {
      outcomeUnknown: false,
    });
  }
  return list as string[];
}

/** One ledger item as the create answer or `ledgeritems/status` names it. */
export interface LedgerItemState {
  readonly id: string;
  readonly version?: string;
  readonly status?: DocumentStatus;
  readonly rawStatus?: string;
  readonly voucherNumber?: string;
}

function ledgerItemOf(value: unknown): LedgerItemState | undefined {
  if (!isRecord(value)) return undefined;
  const id = text(value['Id'] ?? value['id']);
  if (id === undefined) return undefined;
  const version = text(value['Version'] ?? value['version']);
  const raw = text(value['Status'] ?? value['status']);
  const status = ledgerStatusOf(raw);
  const number = value['VoucherNumber'];
  return {
    id: id.toLowerCase(),
    ...(version !== undefined && { version }),
    ...(raw !== undefined && { rawStatus: raw }),
    ...(status !== undefined && { status }),
    ...(typeof number === 'number' && { voucherNumber: String(number) }),
  };
}

/**
 * The create answer of `POST /v1.2/{org}/ledgeritems`: the document declares one `{ Id, Version }`, some clients
 * saw an array of them, and a 200 with no body is plausible too; the items are keyed by lower-case `Id`.
 */
export function createdLedgerItemsFrom(answer: unknown): Map<string, LedgerItemState> {
  const list = Array.isArray(answer) ? answer : answer === undefined || answer === null ? [] : [answer];
  const items = new Map<string, LedgerItemState>();
  for (const value of list) {
    const item = ledgerItemOf(value);
    if (item !== undefined) items.set(item.id, item);
  }
  return items;
}

/** `POST /v1/{org}/ledgeritems/status` → each listed item by lower-case `Id`; anything but an array is refused. */
export function ledgerStatusesFrom(answer: unknown, action: string): Map<string, LedgerItemState> {
  if (!Array.isArray(answer)) {
    throw new ConnectorError('unknown', `Dinero's answer to ${action} was not a list of ledger item states.`, {
      outcomeUnknown: false,
    });
  }
  const items = new Map<string, LedgerItemState>();
  for (const value of answer) {
    const item = ledgerItemOf(value);
    if (item === undefined) {
      throw new ConnectorError('unknown', `Dinero's answer to ${action} listed an item without an Id.`, {
        outcomeUnknown: false,
      });
    }
    items.set(item.id, item);
  }
  return items;
}

/**
 * The array index a validation field of an array body starts with ("[2].lines[0].amount", "$[2]…"); a field
 * like "lines[0].amount" names no item, since a ledger item has lines of its own.
 */
export function itemIndexOfField(field: string): number | undefined {
  const match = /^\$?\[(\d+)\]/.exec(field.trim());
  return match === null ? undefined : Number(match[1]);
}

/** The GUIDs quoted in a message ("Duplicated entity: 0b8f…"), lower-case. */
export function guidsIn(message: string): string[] {
  return (message.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi) ?? []).map((guid) =>
    guid.toLowerCase(),
  );
}

/**
 * One page of `GET /v1/{org}/files` (`FilteredFileReadModel[]`): the `VoucherGuid`s `Linked` to `fileGuid` when the
 * page lists it (empty: no voucher uses it), and how many rows the page had, to know whether another may follow.
 */
export function receiptLinksFrom(
  answer: unknown,
  fileGuid: string,
  action: string,
): { readonly links?: string[]; readonly rows: number } {
  if (!Array.isArray(answer)) {
    throw new ConnectorError('unknown', `Dinero's answer to ${action} was not a list of files.`, {
      outcomeUnknown: false,
    });
  }
  const wanted = fileGuid.toLowerCase();
  const file = answer.find((row) => isRecord(row) && text(row['FileGuid'])?.toLowerCase() === wanted) as
    Json | undefined;
  if (file === undefined) return { rows: answer.length };
  const linked = Array.isArray(file['Linked']) ? (file['Linked'] as unknown[]) : [];
  const links = linked.map((link) => (isRecord(link) ? text(link['VoucherGuid']) : undefined));
  if (links.some((guid) => guid === undefined)) {
    throw new ConnectorError('unknown', `Dinero's answer to ${action} linked receipt ${fileGuid} to no voucher Guid.`, {
      outcomeUnknown: false,
    });
  }
  return { links: links as string[], rows: answer.length };
}
