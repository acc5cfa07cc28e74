/** One API call as the rate limit saw it: when it arrived, what it asked for and whether it was let through. */
export interface LoggedCall {
  at: number;
  method: string;
  path: string;
  clientId: string;
  admitted: boolean;
}

/** The newest calls kept per organization; older ones are dropped so a long-running sandbox stays small. */
export const CALLS_KEPT = 100_000;

// Every authenticated API call per organization, for benchmarks and tests that check pacing from Dinero's side.
export class CallLogStore {
  private readonly calls = new Map<number, LoggedCall[]>();

  clear(): void {
    this.calls.clear();
  }

  record(organizationId: number, call: LoggedCall): void {
    let log = this.calls.get(organizationId);
    if (!log) this.calls.set(organizationId, (log = []));
    log.push(call);
    if (log.length > CALLS_KEPT) log.splice(0, log.length - CALLS_KEPT);
  }

  /** The organization's calls since `since` (arrival time, inclusive), oldest first. */
  since(organizationId: number, since = 0): LoggedCall[] {
    return (this.calls.get(organizationId) ?? []).filter((call) => call.at >= since);
  }
}
