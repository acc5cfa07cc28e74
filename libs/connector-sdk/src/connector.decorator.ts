import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';

/** The metadata key the registry looks for on provider classes. */
export const ACCOUNTING_CONNECTOR_METADATA = 'ledgerbridge:accounting-connector';

// Keys are stored as text with every export and appear in env vars, so they stay short and plain.
const CONNECTOR_KEY_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

// Connection kinds are the host's ways to connect (POST …/connections `method`).
const CONNECTION_KIND_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;

/** The provider's request budget per organization; the queue enforces it, the client never sleeps. */
export interface RateLimit {
  /** Requests per `perMs`, for every connection kind not named in `byConnectionKind`. */
  readonly requests: number;
  readonly perMs: number;
  /** Requests per `perMs` by connection kind (`api_key`, `oauth`) where the provider allows them different budgets. */
  readonly byConnectionKind?: Readonly<Record<string, number>>;
}

export interface AccountingConnectorOptions {
  readonly key: string;
  readonly rateLimit: RateLimit;
}

export function isConnectorKey(value: string): boolean {
  return CONNECTOR_KEY_PATTERN.test(value);
}

function optionsProblem(options: AccountingConnectorOptions): string | undefined {
  if (!isConnectorKey(options.key)) {
    return `key "${options.key}" must be lower-case letters, digits and hyphens, starting with a letter`;
  }
  const { requests, perMs } = options.rateLimit;
  if (!Number.isSafeInteger(requests) || requests < 1) return `rateLimit.requests must be a positive integer`;
  if (!Number.isSafeInteger(perMs) || perMs < 1) return `rateLimit.perMs must be a positive integer`;
  for (const [kind, count] of Object.entries(options.rateLimit.byConnectionKind ?? {})) {
    if (!CONNECTION_KIND_PATTERN.test(kind))
      return `rateLimit.byConnectionKind has an invalid connection kind "${kind}"`;
    if (!Number.isSafeInteger(count) || count < 1)
      return `rateLimit.byConnectionKind.${kind} must be a positive integer`;
  }
  return undefined;
}

/**
 * Marks a class as an accounting connector so the registry discovers it, and makes it injectable.
 * Invalid options throw when the class is declared, long before the first export.
 */
export function AccountingConnector(options: AccountingConnectorOptions): ClassDecorator {
  const problem = optionsProblem(options);
  if (problem !== undefined) throw new TypeError(`@AccountingConnector: ${problem}.`);
  const { requests, perMs, byConnectionKind } = options.rateLimit;
  const frozen: AccountingConnectorOptions = Object.freeze({
    key: options.key,
    rateLimit: Object.freeze({
      requests,
      perMs,
      ...(byConnectionKind !== undefined && { byConnectionKind: Object.freeze({ ...byConnectionKind }) }),
    }),
  });
  return applyDecorators(SetMetadata(ACCOUNTING_CONNECTOR_METADATA, frozen), Injectable());
}

/** Reads the decorator's options from a class, or `undefined` when it is not a connector. */
export function accountingConnectorOptionsOf(target: unknown): AccountingConnectorOptions | undefined {
  if (typeof target !== 'function') return undefined;
  const metadata: unknown = Reflect.getMetadata(ACCOUNTING_CONNECTOR_METADATA, target);
  return metadata === undefined ? undefined : (metadata as AccountingConnectorOptions);
}

/** The declared requests per window for one connection kind: its own budget, else the provider's default. */
export function requestsPerWindow(rateLimit: RateLimit, connectionKind: string): number {
  const byKind = rateLimit.byConnectionKind ?? {};
  // Own keys only, so a kind named "toString" gets the default rather than a function.
  const own = Object.prototype.hasOwnProperty.call(byKind, connectionKind) ? byKind[connectionKind] : undefined;
  return own ?? rateLimit.requests;
}
