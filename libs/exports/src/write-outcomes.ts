import type { ExportResult } from '@ledgerbridge/connector-sdk';
import type { ExportEntity } from '@ledgerbridge/persistence';
import type { ExportError } from './export-ledger';
import type { WriteOutcome } from './export-runner';

// The outcomes ConnectorExportWriter reports, each with its words for the operator.

export function cannotWrite(row: ExportEntity, what: string): { kind: 'needs_attention'; error: ExportError } {
  return {
    kind: 'needs_attention',
    error: { code: 'provider_cannot_write', message: `${row.providerKey} cannot take ${what}.` },
  };
}

export function noResult(): WriteOutcome {
  const message = 'The provider answered the batch with no result for this journal entry; look it up, then resolve.';
  return { kind: 'in_doubt', error: { code: 'answer_lost', message } };
}

export function reconnect(): WriteOutcome {
  const message = 'The connection holds no usable credentials: reconnect the accounting provider, then re-export.';
  return { kind: 'needs_attention', error: { code: 'reconnect', message } };
}

/** An item created but not booked (the book call failed) goes back to queued: the next post books it. */
export function unbooked(outcome: WriteOutcome): WriteOutcome {
  if (outcome.kind !== 'exported' || outcome.providerStatus !== 'draft') return outcome;
  const message = 'Created at the provider but not booked yet: the next attempt posts it again, which books it.';
  return { kind: 'released', error: { code: 'not_booked', message } };
}

export function exported(result: ExportResult): WriteOutcome {
  return {
    kind: 'exported',
    providerId: result.providerId,
    providerStatus: result.providerStatus,
    ...(result.providerVersion !== undefined && { providerVersion: result.providerVersion }),
  };
}
