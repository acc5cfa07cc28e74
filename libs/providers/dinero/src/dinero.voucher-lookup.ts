import {
  isConnectorError,
  type CallOptions,
  type ExternalRef,
  type LookupResult,
  type ProviderConnection,
} from '@ledgerbridge/connector-sdk';
import { DineroClient } from './client/dinero-client';
import { draftGuidsFrom, readVoucherFrom, receiptLinksFrom, type ReadVoucher } from './payloads/write-answers.payload';

/** How far back the receipt is searched among uploaded files: longer than an export stays in doubt unattended. */
export const RECEIPT_LOOKBACK_MS = 31 * 24 * 60 * 60 * 1000;
/** Pages of the file list read at most (1,000 files each) before the lookup gives up as `unknown`. */
export const RECEIPT_LIST_PAGES = 3;
const FILE_PAGE_SIZE = 1000;

/** Dinero's own "not found" (its error body says so, as 404 or as a 400 with code 63): a confirmed absence. */
export function confirmedMissing(error: unknown): boolean {
  return isConnectorError(error) && error.code === 'not_found' && error.providerCode !== undefined;
}

/** One purchase voucher, or undefined when Dinero confirms it does not exist (a deleted draft). */
export async function readVoucher(
  client: DineroClient,
  connection: ProviderConnection,
  guid: string,
  options?: CallOptions,
): Promise<ReadVoucher | undefined> {
  const action = `reading purchase voucher ${guid} of organization ${connection.organizationId}`;
  try {
    const answer = await client.get(connection, {
      path: DineroClient.organizationPath('v1', connection, `vouchers/purchase/${encodeURIComponent(guid)}`),
      action,
      ...(options !== undefined && { options }),
    });
    return readVoucherFrom(answer, action);
  } catch (error) {
    if (confirmedMissing(error)) return undefined;
    throw error;
  }
}

/**
 * Finds the voucher carrying `externalRef` through its receipt: first the drafts using the file
 * (`GET /v1/{org}/vouchers/purchase/fileguid/{fileGuid}`, the document's way), then, since an approved voucher is no
 * draft any more, the vouchers the file list links to the receipt (`GET /v1/{org}/files`, `Linked`). `absent` only
 * when the receipt is listed and none of its vouchers carries the reference.
 */
export async function findVoucherByReceipt(
  client: DineroClient,
  connection: ProviderConnection,
  externalRef: ExternalRef,
  fileGuid: string,
  options?: CallOptions,
): Promise<LookupResult> {
  const action = `listing the drafts that use receipt ${fileGuid} in organization ${connection.organizationId}`;
  const drafts = draftGuidsFrom(
    await client.get(connection, {
      path: DineroClient.organizationPath(
        'v1',
        connection,
        `vouchers/purchase/fileguid/${encodeURIComponent(fileGuid)}`,
      ),
      action,
      ...(options !== undefined && { options }),
    }),
    action,
  );
  const fromDrafts = await matching(client, connection, externalRef, drafts, options);
  if (fromDrafts.kind !== 'absent') return fromDrafts;
  const links = await receiptLinks(client, connection, fileGuid, options);
  if (links === undefined) {
    return {
      kind: 'unknown',
      reason:
        `No draft carries ${externalRef}, and receipt ${fileGuid} is not among the files uploaded in the last ` +
        `${RECEIPT_LOOKBACK_MS / 86_400_000} days that the lookup reads; check Dinero by hand.`,
    };
  }
  const seen = new Set(drafts.map((guid) => guid.toLowerCase()));
  return matching(
    client,
    connection,
    externalRef,
    links.filter((guid) => !seen.has(guid.toLowerCase())),
    options,
  );
}

async function matching(
  client: DineroClient,
  connection: ProviderConnection,
  externalRef: ExternalRef,
  guids: readonly string[],
  options?: CallOptions,
): Promise<LookupResult> {
  const matches: ReadVoucher[] = [];
  for (const guid of guids) {
    const voucher = await readVoucher(client, connection, guid, options);
    if (voucher === undefined) return { kind: 'unknown', reason: `Voucher ${guid} vanished while it was read.` };
    if (voucher.externalReference === externalRef) matches.push(voucher);
  }
  const [match, second] = matches;
  if (second !== undefined) {
    return {
      kind: 'unknown',
      reason: `${matches.length} vouchers in Dinero carry ${externalRef} (${matches.map((m) => m.guid).join(', ')}).`,
    };
  }
  if (match === undefined) return { kind: 'absent' };
  if (match.status === 'deleted' || match.status === undefined) {
    return { kind: 'unknown', reason: `Voucher ${match.guid} carries ${externalRef} but is no draft or booking.` };
  }
  return {
    kind: 'found',
    providerId: match.guid,
    providerStatus: match.status,
    ...(match.timestamp !== undefined && { providerVersion: match.timestamp }),
  };
}

/** The vouchers the file list links to `fileGuid`, or undefined when the receipt is not found in the pages read. */
async function receiptLinks(
  client: DineroClient,
  connection: ProviderConnection,
  fileGuid: string,
  options?: CallOptions,
): Promise<string[] | undefined> {
  const action = `listing the receipts of organization ${connection.organizationId}`;
  const uploadedAfter = new Date(client.now() - RECEIPT_LOOKBACK_MS).toISOString();
  for (let page = 0; page < RECEIPT_LIST_PAGES; page += 1) {
    const answer = await client.get(connection, {
      path: DineroClient.organizationPath('v1', connection, 'files'),
      query: { fileStatus: 'All', uploadedAfter, page: String(page), pageSize: String(FILE_PAGE_SIZE) },
      action,
      ...(options !== undefined && { options }),
    });
    const { links, rows } = receiptLinksFrom(answer, fileGuid, action);
    if (links !== undefined) return links;
    if (rows < FILE_PAGE_SIZE) return undefined;
  }
  return undefined;
}
