import { ConnectorError } from '@ledgerbridge/connector-sdk';

/** Dinero's error body; every field optional because proxies and brownouts answer other shapes. */
export interface DineroErrorBody {
  readonly code?: number;
  readonly message?: string;
  readonly validationErrors?: Readonly<Record<string, string>> | null;
}

/** A failed Dinero answer, reduced to what translation needs: no headers object, no request. */
export interface DineroFailure {
  readonly status: number;
  readonly bodyText: string;
  /** Parsed from `Retry-After` by the client, when present. */
  readonly retryAfterMs?: number;
  /** What the plugin was doing, as a sentence fragment: "reading the accounts of organization 100001". */
  readonly action: string;
  /** False for reads: a failed read applied nothing. Unset means a write, whose 5xx may follow a change. */
  readonly changes?: boolean;
}

// Dinero has used all three codes for "the organization has no paid plan" over the years (API.md "Errors").
const NO_PAID_PLAN_CODES = new Set([90, 48, 7]);
const LARGE_FILE_TEXT = /larger than|too large|exceeds|file size|\b6\s?MB\b/i;

/** Reads Dinero's JSON error body; a bare JSON string (the 400 for a large file) becomes its `message`. */
export function parseDineroErrorBody(text: string): DineroErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof parsed === 'string') return { message: parsed };
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const record = parsed as Record<string, unknown>;
  const code = typeof record['code'] === 'number' ? record['code'] : undefined;
  const message = typeof record['message'] === 'string' ? record['message'] : undefined;
  const validation = record['validationErrors'];
  const validationErrors =
    typeof validation === 'object' && validation !== null && !Array.isArray(validation)
      ? Object.fromEntries(
          Object.entries(validation as Record<string, unknown>).map(([key, value]) => [key, String(value)]),
        )
      : null;
  return { ...(code !== undefined && { code }), ...(message !== undefined && { message }), validationErrors };
}

/** Dinero may name properties in lower case ("lines[0].amount"); report them as the PascalCase we send. */
export function pascalCaseField(field: string): string {
  return field.replace(/(^|\.)([a-z])/g, (_match, dot: string, letter: string) => dot + letter.toUpperCase());
}

function detail(body: DineroErrorBody): string {
  return body.message ? ` Dinero said: "${body.message}".` : '';
}

function providerCodeOf(body: DineroErrorBody): { providerCode?: string } {
  return body.code === undefined ? {} : { providerCode: String(body.code) };
}

/** Translates one failed Dinero answer into the SDK's error family. */
export function dineroErrorFromResponse(failure: DineroFailure): ConnectorError {
  const { status, action } = failure;
  const body = parseDineroErrorBody(failure.bodyText);
  const base = { httpStatus: status, ...providerCodeOf(body) };
  const fail = (code: ConstructorParameters<typeof ConnectorError>[0], text: string, extra = {}) =>
    new ConnectorError(code, `${text}${detail(body)}`, { ...base, ...extra });

  if (status === 400 || status === 404 || status === 409) {
    if (body.code === 58) {
      return fail('conflict', `Dinero refused ${action}: the document changed since it was read (stale Timestamp).`, {
        field: 'Timestamp',
      });
    }
    if (body.code === 72 || status === 409) return fail('conflict', `Dinero refused ${action} as a duplicate.`);
    if (body.code === 63 || body.code === 40 || status === 404)
      return fail('not_found', `Dinero found nothing when ${action}.`);
    if (body.code !== 42 && LARGE_FILE_TEXT.test(body.message ?? failure.bodyText)) {
      return fail('too_large', `Dinero refused ${action}: the file is over its 6 MB limit.`);
    }
    const errors = Object.entries(body.validationErrors ?? {});
    const listed = errors.map(([field, reason]) => `${pascalCaseField(field)}: ${reason}`).join('; ');
    const first = errors[0];
    return fail('validation', `Dinero rejected ${action}${listed ? ` (${listed})` : ''}.`, {
      ...(first !== undefined && { field: pascalCaseField(first[0]) }),
    });
  }
  if (status === 401) {
    return fail(
      'authentication',
      `Dinero did not accept the credentials when ${action}; reconnect the company to Dinero.`,
    );
  }
  if (status === 403) {
    if (body.code !== undefined && NO_PAID_PLAN_CODES.has(body.code)) {
      return fail('forbidden', `Dinero refused ${action}: a paid Dinero plan (Pro) is needed for API access.`);
    }
    return fail('forbidden', `Dinero refused ${action}: these credentials do not grant access to it.`);
  }
  if (status === 413) return fail('too_large', `Dinero refused ${action}: the file is over its 6 MB limit.`);
  if (status === 429) {
    return fail('rate_limited', `Dinero's request quota was exceeded when ${action}.`, {
      ...(failure.retryAfterMs !== undefined && { retryAfterMs: failure.retryAfterMs }),
    });
  }
  // 480 is Dinero's deliberate "brownout" of a deprecated endpoint: refused before anything happened.
  if (status === 480) {
    return fail('unavailable', `Dinero answered with a brownout (480) when ${action}; the endpoint is being retired.`, {
      outcomeUnknown: false,
    });
  }
  if (status >= 500 && status <= 599) {
    return fail('unavailable', `Dinero failed with HTTP ${status} when ${action}.`, {
      outcomeUnknown: failure.changes !== false,
    });
  }
  return fail('unknown', `Dinero answered HTTP ${status} when ${action}, which the plugin does not understand.`);
}

/** A request that got no answer: a write that was sent may or may not have been applied. */
export function dineroNetworkError(action: string, timedOutAfterMs?: number, outcomeUnknown = true): ConnectorError {
  const why = timedOutAfterMs === undefined ? 'could not be reached' : `did not answer within ${timedOutAfterMs} ms`;
  return new ConnectorError('unavailable', `Dinero ${why} when ${action}.`, { outcomeUnknown });
}

/** A 2xx answer the plugin cannot read; for a write it may still have been applied. */
export function dineroUnexpectedAnswer(action: string, status: number): ConnectorError {
  return new ConnectorError('unknown', `Dinero's answer to ${action} could not be read.`, {
    httpStatus: status,
    outcomeUnknown: true,
  });
}

/** Token endpoints answer RFC 6749 errors (`{ error, error_description }`), not Dinero's body. */
export function dineroTokenError(failure: DineroFailure): ConnectorError {
  const { status, action } = failure;
  let oauthError: string | undefined;
  try {
    const parsed: unknown = JSON.parse(failure.bodyText);
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as Record<string, unknown>)['error'] === 'string'
    ) {
      oauthError = (parsed as Record<string, string>)['error'];
    }
  } catch {
    oauthError = undefined;
  }
  const base = { httpStatus: status, ...(oauthError !== undefined && { providerCode: oauthError }) };
  if (oauthError === 'invalid_client') {
    return new ConnectorError(
      'authentication',
      `Dinero did not accept LedgerBridge's integration client id or secret when ${action}; check the Dinero client configuration.`,
      base,
    );
  }
  if (oauthError === 'invalid_grant' || status === 400 || status === 401) {
    return new ConnectorError(
      'authentication',
      `Dinero refused the company's credentials when ${action} (expired, revoked or wrong); reconnect the company to Dinero.`,
      base,
    );
  }
  // Token requests change nothing in the books, so a failed one is never "maybe applied".
  if (status === 429 || status >= 500) {
    const code = status === 429 ? 'rate_limited' : 'unavailable';
    return new ConnectorError(code, `Dinero's token service failed with HTTP ${status} when ${action}.`, {
      ...base,
      outcomeUnknown: false,
      ...(failure.retryAfterMs !== undefined && { retryAfterMs: failure.retryAfterMs }),
    });
  }
  return new ConnectorError('unknown', `Dinero's token service answered HTTP ${status} when ${action}.`, base);
}

/** `Retry-After` is seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
