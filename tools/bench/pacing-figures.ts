/** Pacing figures from the sandbox's call log: how much of the budget was used, and whether any window went over. */
import { percentile } from './bench-support';
import type { LoggedCall } from './export-stack';

export interface PacingFigures {
  calls: number;
  admitted: number;
  refused: number;
  /** Refused (429) calls as a share of every call, in per cent. */
  refusedPercent: number;
  /** Admitted calls per complete window from the first call, over the limit, averaged; per cent. */
  budgetSharePercent: number;
  /** The most admitted calls in any span of one window (sliding, at every call). */
  busiestWindow: number;
  /** Calls at which a window starting there holds more than the limit. */
  windowsOverBudget: number;
  /** Admitted calls in each consecutive window from the first call. */
  perWindow: number[];
}

export function pacingFigures(calls: LoggedCall[], limit: number, windowMs: number): PacingFigures {
  const admitted = calls.filter((c) => c.admitted).map((c) => c.at);
  admitted.sort((a, b) => a - b);
  let busiest = 0;
  let over = 0;
  for (let i = 0, j = 0; i < admitted.length; i++) {
    while (j < admitted.length && admitted[j]! < admitted[i]! + windowMs) j++;
    busiest = Math.max(busiest, j - i);
    if (j - i > limit) over++;
  }
  let share = NaN;
  if (admitted.length > 0) {
    const first = admitted[0]!;
    const whole = Math.floor((admitted[admitted.length - 1]! - first) / windowMs);
    if (whole > 0) {
      const inWhole = admitted.filter((t) => t < first + whole * windowMs).length;
      share = (100 * inWhole) / (whole * limit);
    }
  }
  const refused = calls.length - admitted.length;
  const perWindow: number[] = [];
  for (const t of admitted) {
    const k = Math.floor((t - admitted[0]!) / windowMs);
    perWindow[k] = (perWindow[k] ?? 0) + 1;
  }
  return {
    perWindow: Array.from(perWindow, (n) => n ?? 0),
    calls: calls.length,
    admitted: admitted.length,
    refused,
    refusedPercent: calls.length ? (100 * refused) / calls.length : 0,
    budgetSharePercent: share,
    busiestWindow: busiest,
    windowsOverBudget: over,
  };
}

/** p50 / p95 / max of waits in ms. */
export function waits(xs: number[]): { p50: number; p95: number; max: number } {
  return { p50: percentile(xs, 50), p95: percentile(xs, 95), max: xs.length ? Math.max(...xs) : NaN };
}
