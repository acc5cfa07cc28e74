import { isConnectorError } from '@ledgerbridge/connector-sdk';

/** The Bull backoff strategy name under which `retryDelayMs` is registered. */
export const RETRY_BACKOFF = 'by-error-class';

const FIRST_BACKOFF_MS = 1000;
const LONGEST_BACKOFF_MS = 5 * 60_000;

function exponential(attemptsMade: number): number {
  return Math.min(LONGEST_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, attemptsMade - 1));
}

/**
 * How long to wait before repeating a job that failed with `error` after `attemptsMade` attempts, or `null` for
 * never. A provider's refusal of the request itself (authentication, validation, forbidden, not found, conflict…)
 * is permanent, and so is a failure that may have changed the books (a lookup must come first). Rate limits wait
 * at least what was asked; every delay carries jitter so jobs refused together do not return together.
 */
export function retryDelayMs(attemptsMade: number, error: unknown, random: () => number = Math.random): number | null {
  if (isConnectorError(error)) {
    if (!error.retryable || error.outcomeUnknown) return null;
    if (error.code === 'rate_limited') {
      const floor = error.retryAfterMs ?? exponential(attemptsMade);
      return Math.ceil(floor + random() * Math.max(500, floor / 5));
    }
  }
  // Unavailable providers and the host's own transient trouble (a database away): exponential, half of it random.
  const wait = exponential(attemptsMade);
  return Math.ceil(wait / 2 + (random() * wait) / 2);
}

/** The same policy in Bull's terms: -1 moves the job to failed without another attempt. */
export function bullBackoff(attemptsMade: number, error: unknown): number {
  return retryDelayMs(attemptsMade, error) ?? -1;
}
