import { randomUUID } from 'node:crypto';
import {
  type ChangeCursor,
  type ChangesPage,
  type ProviderChange,
  type TrackedDocument,
} from '@ledgerbridge/connector-sdk';
import { outcomeOf } from './outcome';
import { stoppedBeforeSendingProblems } from './result.checks';
import { abortedCall, conformanceRef, receiptFor, type WriteCheckContext } from './write.checks';

const CHANGE_STATUSES: ReadonlySet<unknown> = new Set(['draft', 'pending', 'booked', 'deleted']);
/** Pages followed at most, so a provider whose `hasMore` never ends fails instead of hanging. */
const MAX_PAGES = 20;

function pageProblems(page: unknown, what: string): string[] {
  if (typeof page !== 'object' || page === null) return [`${what} returned ${String(page)}, not a ChangesPage`];
  const { changes, nextCursor, hasMore } = page as Record<string, unknown>;
  const problems: string[] = [];
  if (!Array.isArray(changes)) problems.push(`${what} returned no changes array`);
  if (typeof nextCursor !== 'string') problems.push(`${what} returned no nextCursor as text`);
  if (typeof hasMore !== 'boolean') problems.push(`${what} returned no boolean hasMore`);
  for (const change of Array.isArray(changes) ? (changes as unknown[]) : []) {
    const { providerId, status } = (change ?? {}) as Record<string, unknown>;
    if (typeof providerId !== 'string' || providerId.trim() === '')
      problems.push(`${what} has a change without a providerId`);
    if (!CHANGE_STATUSES.has(status)) problems.push(`${what} has a change with status "${String(status)}"`);
  }
  return problems;
}

/** Creates one document of each kind the provider writes, to be followed. */
async function createdDocuments(context: WriteCheckContext): Promise<TrackedDocument[] | string> {
  const { connector, connection, samples } = context;
  const watched: TrackedDocument[] = [];
  const entryOf = samples?.journalEntry;
  const post = connector.postJournalEntries?.bind(connector);
  if (connector.capabilities.journalEntries && entryOf !== undefined && post !== undefined) {
    const entry = entryOf(connection, (samples?.newEntryId ?? randomUUID)());
    const posted = await outcomeOf(() => post(connection, [entry]));
    const [result] = posted.ok ? posted.value : [];
    if (result?.kind !== 'ok') return `posting the sample journal entry to follow gave ${String(result?.kind)}`;
    watched.push({ providerId: result.providerId, kind: 'journalEntry' });
  }
  const voucherOf = samples?.expenseVoucher;
  const create = connector.createExpenseVoucher?.bind(connector);
  if (connector.capabilities.expenseVouchers && voucherOf !== undefined && create !== undefined) {
    const ref = conformanceRef();
    const receipt = await receiptFor(context);
    const created = await outcomeOf(() => create(connection, voucherOf(connection, ref, receipt)));
    if (!created.ok) return `creating the sample voucher to follow failed: ${String(created.error)}`;
    watched.push({ providerId: created.value.providerId, kind: 'expenseVoucher', externalRef: ref });
  }
  return watched.length > 0 ? watched : 'the target gives no sample document of a kind the provider writes';
}

/**
 * From a cursor taken before the writes, `changesSince` reports each new document (by feed or by asking for the
 * watched ones) with a known status other than `deleted`; pages are well formed; an aborted call sends nothing.
 */
export async function statusTrackingProblems(context: WriteCheckContext): Promise<string[]> {
  const { connector, connection } = context;
  const changesSince = connector.changesSince?.bind(connector);
  if (changesSince === undefined) return ['changesSince is missing'];
  const problems: string[] = [];
  const start = await outcomeOf(() => changesSince(connection, null, []));
  if (!start.ok) return [`changesSince from now on failed: ${String(start.error)}`];
  problems.push(...pageProblems(start.value, 'changesSince from now on'));
  const watched = await createdDocuments(context);
  if (typeof watched === 'string') return [...problems, watched];

  const seen = new Map<string, ProviderChange>();
  let cursor: ChangeCursor = start.value.nextCursor;
  for (let page = 1; ; page += 1) {
    const what = `changesSince page ${page}`;
    const answer = await outcomeOf(() => changesSince(connection, cursor, watched));
    if (!answer.ok) return [...problems, `${what} failed: ${String(answer.error)}`];
    const found = pageProblems(answer.value, what);
    problems.push(...found);
    if (found.length > 0) break;
    const value: ChangesPage = answer.value;
    for (const change of value.changes) seen.set(change.providerId, change);
    if (!value.hasMore) break;
    if (page === MAX_PAGES) {
      problems.push(`changesSince still had more after ${MAX_PAGES} pages`);
      break;
    }
    cursor = value.nextCursor;
  }
  for (const doc of watched) {
    const change = seen.get(doc.providerId);
    if (change === undefined) problems.push(`changesSince never reported the new ${doc.kind} ${doc.providerId}`);
    else if (change.status === 'deleted') problems.push(`changesSince reported the new ${doc.kind} as deleted`);
  }
  problems.push(
    ...stoppedBeforeSendingProblems(
      await outcomeOf(() => changesSince(connection, null, watched, abortedCall())),
      'changesSince with an aborted signal',
    ),
  );
  return problems;
}
