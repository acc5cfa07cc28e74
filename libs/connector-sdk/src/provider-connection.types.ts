/**
 * The organization's share of the provider's request budget, supplied by the host (shared by every process).
 * A connector calls `take()` right before each HTTP request to the provider's API; it never waits.
 */
export interface CallBudget {
  /** Spends one request; throws ConnectorError('rate_limited', …, { retryAfterMs }) when the budget is spent. */
  take(): Promise<void>;
  /** The provider answered "too many requests": pause the organization, `retryAfterMs` when it said how long. */
  providerRefused(retryAfterMs?: number): Promise<void>;
}

/**
 * One tenant's connection, decrypted by the host and passed on every call;
 * a connector never stores it, so a key rotation or disconnect takes effect at the next call.
 */
export interface ProviderConnection {
  /** LedgerBridge's company id, for log lines; never sent to the provider. */
  readonly companyId: string;
  /** The company's id at the provider (Dinero: the organization id the user copies). */
  readonly organizationId: string;
  /** Values keyed by the connector's credential schema fields. */
  readonly credentials: Readonly<Record<string, string>>;
  /** Hands rotated credentials (one-time OAuth refresh tokens) back to the host to encrypt and store. */
  readonly saveCredentials?: (next: Readonly<Record<string, string>>) => Promise<void>;
  /**
   * Runs `task` while no other process (API or worker) runs one for this connection, handing it the credentials
   * as stored right now. A connector wraps the spending of one-time secrets in it, so two processes never spend
   * the same refresh token.
   */
  readonly exclusive?: <T>(task: (stored: Readonly<Record<string, string>>) => Promise<T>) => Promise<T>;
  /** The per-organization request budget; absent only in tests and tools that call a provider directly. */
  readonly callBudget?: CallBudget;
}

/** What `verify` learnt about a working connection. */
export interface ConnectionCheck {
  readonly organizationId: string;
  readonly organizationName?: string;
}
