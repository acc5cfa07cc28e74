import { isConnectorError, type JournalEntry } from '@ledgerbridge/connector-sdk';
import { connectorFailureProblems, messageOf } from './failure.checks';
import type { Outcome } from './outcome';

const DOCUMENT_STATUSES: ReadonlySet<unknown> = new Set(['draft', 'pending', 'booked']);

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** What the host stores after a create: a provider id as text and a known status. */
export function exportResultProblems(result: unknown, what: string): string[] {
  if (typeof result !== 'object' || result === null) return [`${what} returned ${String(result)}, not an ExportResult`];
  const { providerId, providerStatus } = result as Record<string, unknown>;
  const problems: string[] = [];
  if (!isText(providerId)) problems.push(`${what} returned no providerId as non-empty text`);
  if (!DOCUMENT_STATUSES.has(providerStatus))
    problems.push(`${what} returned providerStatus "${String(providerStatus)}"`);
  return problems;
}

/** A lookup must say found, absent or unknown with a reason: `null` or `undefined` would blur "absent" and "cannot tell". */
export function lookupAnswerProblems(answer: unknown, what: string): string[] {
  if (typeof answer !== 'object' || answer === null) {
    return [`${what} answered ${String(answer)}, not { kind: 'found' | 'absent' | 'unknown' }`];
  }
  const { kind, reason } = answer as Record<string, unknown>;
  if (kind === 'found') return exportResultProblems(answer, what);
  if (kind === 'absent') return [];
  if (kind === 'unknown') return isText(reason) ? [] : [`${what} answered unknown without a reason`];
  return [`${what} answered kind "${String(kind)}", not found, absent or unknown`];
}

/** One result per entry, in input order, each naming its entry; `expected` adds the kind each entry must get. */
export function journalResultsProblems(
  results: unknown,
  entries: readonly JournalEntry[],
  expected: readonly ('ok' | 'failed' | 'duplicate')[] = [],
): string[] {
  if (!Array.isArray(results)) return [`postJournalEntries returned ${String(results)}, not an array of results`];
  if (results.length !== entries.length) {
    return [`postJournalEntries returned ${results.length} results for ${entries.length} entries`];
  }
  const problems: string[] = [];
  for (const [index, result] of (results as unknown[]).entries()) {
    const label = `result #${index}`;
    const record = (typeof result === 'object' && result !== null ? result : {}) as Record<string, unknown>;
    if (record['entryId'] !== entries[index]?.id) {
      problems.push(
        `${label} names entry "${String(record['entryId'])}", expected "${entries[index]?.id}" (input order)`,
      );
    }
    const kind = record['kind'];
    if (kind === 'ok') problems.push(...exportResultProblems(record, label));
    else if (kind === 'failed') {
      if (!isConnectorError(record['error'])) problems.push(`${label} failed without a ConnectorError`);
    } else if (kind === 'duplicate') {
      if (record['providerId'] !== undefined && !isText(record['providerId'])) {
        problems.push(`${label} is a duplicate with a providerId that is not text`);
      }
    } else problems.push(`${label} has kind "${String(kind)}", not ok, failed or duplicate`);
    const wanted = expected[index];
    if (wanted !== undefined && kind !== wanted) {
      const why = kind === 'failed' ? ` (${messageOf(record['error'])})` : '';
      problems.push(`${label} is ${String(kind)}${why}, expected ${wanted}`);
    }
  }
  return problems;
}

/** A call stopped before it sent anything fails as `aborted` with a known outcome, so the host may simply repeat it. */
export function stoppedBeforeSendingProblems(outcome: Outcome<unknown>, what: string): string[] {
  const problems = connectorFailureProblems(outcome, ['aborted'], what);
  if (problems.length > 0 || outcome.ok) return problems;
  const error = outcome.error as { outcomeUnknown?: unknown };
  return error.outcomeUnknown === false ? [] : [`${what} failed as aborted but claims its outcome is unknown`];
}
