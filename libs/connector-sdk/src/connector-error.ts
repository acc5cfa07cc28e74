/**
 * Why a provider call failed, in provider-neutral terms. Values are stable text:
 * the host stores them with the export.
 */
export type ConnectorErrorCode =
  | 'authentication'
  | 'forbidden'
  | 'validation'
  | 'rate_limited'
  | 'unavailable'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'aborted'
  | 'unknown';

/**
 * The one place that decides whether a call may simply be repeated later.
 * Only provider-side, transient conditions are retryable; everything else needs a person or a lookup first.
 */
export const RETRYABLE_BY_CODE: Readonly<Record<ConnectorErrorCode, boolean>> = Object.freeze({
  authentication: false, // credentials wrong or revoked (after the connector's own token refresh)
  forbidden: false, // not entitled, e.g. no paid plan, or the organization is not reachable
  validation: false, // the provider rejected the content; `field` names the culprit
  rate_limited: true, // wait `retryAfterMs` (or the rate-limit window) and repeat
  unavailable: true, // 5xx, network fault, timeout, deliberate brownout
  not_found: false, // the document or organization does not exist
  conflict: false, // duplicate or stale version: reconcile (look up or re-read) before anything else
  too_large: false, // the attachment exceeds the provider's size limit
  aborted: true, // the caller's signal or deadline stopped the call; `outcomeUnknown` says if a lookup comes first
  unknown: false, // not understood: a person must look, retrying blindly could duplicate
});

export const CONNECTOR_ERROR_CODES = Object.keys(RETRYABLE_BY_CODE) as ConnectorErrorCode[];

export function isRetryable(code: ConnectorErrorCode): boolean {
  return RETRYABLE_BY_CODE[code];
}

export interface ConnectorErrorOptions {
  /** The request field at fault, as the provider named it (validation errors). */
  readonly field?: string;
  /** The provider's own error code, kept for support ("58", "Duplicated entity"). */
  readonly providerCode?: string;
  /** How long to wait before repeating (rate limits), when the provider said so. */
  readonly retryAfterMs?: number;
  readonly httpStatus?: number;
  /** The request may have been applied; look the document up before repeating a create. */
  readonly outcomeUnknown?: boolean;
}

/** The plain shape of a ConnectorError, for logs, audit entries and job payloads. */
export interface ConnectorErrorJson {
  readonly name: 'ConnectorError';
  readonly code: ConnectorErrorCode;
  readonly message: string;
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;
  readonly field?: string;
  readonly providerCode?: string;
  readonly retryAfterMs?: number;
  readonly httpStatus?: number;
}

/**
 * The only error a connector may throw. It deliberately takes no `cause`: a raw HTTP error
 * carries request headers, and with them the tenant's bearer token, into logs.
 */
export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;
  readonly field?: string;
  readonly providerCode?: string;
  readonly retryAfterMs?: number;
  readonly httpStatus?: number;

  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    options: ConnectorErrorOptions = {},
  ) {
    super(message);
    if (!Object.prototype.hasOwnProperty.call(RETRYABLE_BY_CODE, code))
      throw new TypeError(`Unknown connector error code "${String(code)}".`);
    if (options.retryAfterMs !== undefined && !(Number.isFinite(options.retryAfterMs) && options.retryAfterMs >= 0)) {
      throw new TypeError(`retryAfterMs must be a non-negative finite number, got ${options.retryAfterMs}.`);
    }
    this.retryable = isRetryable(code);
    // A timeout, 5xx or abort may come after the provider acted; other codes mean it refused.
    this.outcomeUnknown =
      options.outcomeUnknown ?? (code === 'unavailable' || code === 'unknown' || code === 'aborted');
    if (options.field !== undefined) this.field = options.field;
    if (options.providerCode !== undefined) this.providerCode = options.providerCode;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.httpStatus !== undefined) this.httpStatus = options.httpStatus;
  }

  toJSON(): ConnectorErrorJson {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      outcomeUnknown: this.outcomeUnknown,
      ...(this.field !== undefined && { field: this.field }),
      ...(this.providerCode !== undefined && { providerCode: this.providerCode }),
      ...(this.retryAfterMs !== undefined && { retryAfterMs: this.retryAfterMs }),
      ...(this.httpStatus !== undefined && { httpStatus: this.httpStatus }),
    };
  }
}

/** True for ConnectorErrors, also across duplicated module copies where `instanceof` fails. */
export function isConnectorError(error: unknown): error is ConnectorError {
  if (error instanceof ConnectorError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { name?: unknown; code?: unknown };
  return (
    candidate.name === 'ConnectorError' &&
    typeof candidate.code === 'string' &&
    Object.prototype.hasOwnProperty.call(RETRYABLE_BY_CODE, candidate.code)
  );
}
