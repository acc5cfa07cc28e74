import { EXPORT_STATES, type ExportState } from '@ledgerbridge/persistence';

/**
 * Every state change an export may make; anything else is a bug and is refused before it reaches the database.
 * `sending → sending` is a worker taking over a lease that expired (its holder crashed or stalled).
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<ExportState, readonly ExportState[]>> = {
  queued: ['sending'],
  sending: ['sending', 'queued', 'exported', 'needs_attention', 'failed', 'in_doubt'],
  exported: ['booked', 'deleted_in_provider'],
  booked: ['deleted_in_provider'],
  needs_attention: ['queued'],
  failed: ['queued'],
  in_doubt: ['exported', 'queued'],
  // A deleted export stays as it was; a re-export is a new version of the transaction, so a new export row.
  deleted_in_provider: [],
};

/** States a worker still has to act on: the sweeper re-enqueues these when Bull lost their job. */
export const PENDING_STATES: readonly ExportState[] = ['queued', 'sending'];

/** States an export ends a batch's progress in (until an operator re-exports or resolves it): all but the pending. */
export const SETTLED_STATES: readonly ExportState[] = EXPORT_STATES.filter((s) => !PENDING_STATES.includes(s));

/** What `POST …/re-export` accepts: nothing was written (failed, needs_attention) or it was deleted there. */
export const RE_EXPORTABLE_STATES: readonly ExportState[] = ['failed', 'needs_attention', 'deleted_in_provider'];

export function isAllowedTransition(from: ExportState, to: ExportState): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

export class InvalidTransitionError extends Error {
  constructor(
    readonly from: ExportState,
    readonly to: ExportState,
  ) {
    super(`An export cannot go from ${from} to ${to}.`);
  }
}
