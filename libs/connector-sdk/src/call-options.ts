import { ConnectorError } from './connector-error';

/**
 * The caller's say over one connector call, always the method's last, optional argument. A connector checks it
 * before sending and passes the signal to its HTTP client, so a shutdown or a job's deadline stops the wait.
 */
export interface CallOptions {
  /** Aborted: stop at once and fail with the code `aborted`. */
  readonly signal?: AbortSignal;
  /** Epoch milliseconds after which the answer is no longer wanted; treated like an abort. */
  readonly deadline?: number;
}

/** Why the call must stop now (`aborted` or `deadline`), or `undefined` while it may go on. */
export function callStopReason(options: CallOptions | undefined, now: number): 'aborted' | 'deadline' | undefined {
  if (options?.signal?.aborted === true) return 'aborted';
  if (options?.deadline !== undefined && now >= options.deadline) return 'deadline';
  return undefined;
}

/** Milliseconds left before the deadline (never negative), or `undefined` when there is none. */
export function callTimeLeftMs(options: CallOptions | undefined, now: number): number | undefined {
  return options?.deadline === undefined ? undefined : Math.max(0, options.deadline - now);
}

/**
 * The error for a call the caller stopped. `sent`: the request had left, so a write may have been applied and
 * must be looked up before it is repeated; unsent, or a read (`outcomeUnknown` false), nothing happened.
 */
export function stoppedCallError(
  reason: 'aborted' | 'deadline',
  action: string,
  sent: boolean,
  outcomeUnknown = sent,
): ConnectorError {
  const why = reason === 'aborted' ? 'was cancelled by the caller' : 'passed its deadline';
  const when = sent ? 'after the request was sent' : 'before anything was sent';
  return new ConnectorError('aborted', `The call ${why} ${when} (${action}).`, {
    outcomeUnknown: sent && outcomeUnknown,
  });
}

/** Throws the `aborted` error when the call must stop before it sends anything. */
export function throwIfCallStopped(options: CallOptions | undefined, now: number, action: string): void {
  const reason = callStopReason(options, now);
  if (reason !== undefined) throw stoppedCallError(reason, action, false);
}
