import { ConnectorError, type ConnectorErrorCode } from '@ledgerbridge/connector-sdk';
import { fixture } from '../test-support/dinero-contract';
import {
  dineroErrorFromResponse,
  dineroNetworkError,
  dineroTokenError,
  parseDineroErrorBody,
  parseRetryAfter,
  pascalCaseField,
} from './dinero-errors';

const action = 'creating a purchase voucher in organization 100001';
const text = (name: string) => JSON.stringify(fixture(name));

interface Row {
  readonly name: string;
  readonly status: number;
  readonly body: string;
  readonly retryAfterMs?: number;
  /** What the request was: a read (false) applied nothing whatever the answer; unset means a write. */
  readonly changes?: boolean;
  readonly code: ConnectorErrorCode;
  readonly field?: string;
  readonly providerCode?: string;
  readonly outcomeUnknown: boolean;
  readonly message: RegExp;
}

const table: Row[] = [
  {
    name: '400/42 validation, lower-case property',
    status: 400,
    body: text('error-validation.json'),
    code: 'validation',
    field: 'Lines[0].AccountNumber',
    providerCode: '42',
    outcomeUnknown: false,
    message: /Lines\[0\]\.AccountNumber: Account 1000 cannot be used/,
  },
  {
    name: '400/42 without validationErrors',
    status: 400,
    body: '{"code":42,"message":"Validation error","validationErrors":null}',
    code: 'validation',
    providerCode: '42',
    outcomeUnknown: false,
    message: /Dinero rejected creating/,
  },
  {
    name: '400/63 not found',
    status: 400,
    body: text('error-not-found.json'),
    code: 'not_found',
    providerCode: '63',
    outcomeUnknown: false,
    message: /found nothing/,
  },
  {
    name: '400/58 stale Timestamp',
    status: 400,
    body: text('error-stale-timestamp.json'),
    code: 'conflict',
    field: 'Timestamp',
    providerCode: '58',
    outcomeUnknown: false,
    message: /stale Timestamp/,
  },
  {
    name: '400 large file (bare JSON string)',
    status: 400,
    body: text('error-large-file.json'),
    code: 'too_large',
    outcomeUnknown: false,
    message: /6 MB/,
  },
  {
    name: '400 unparseable body',
    status: 400,
    body: '<html>Bad Request</html>',
    code: 'validation',
    outcomeUnknown: false,
    message: /Dinero rejected/,
  },
  {
    name: '401',
    status: 401,
    body: text('error-unauthorized.json'),
    code: 'authentication',
    providerCode: '41',
    outcomeUnknown: false,
    message: /reconnect/,
  },
  {
    name: '403/90 no paid plan',
    status: 403,
    body: text('error-no-subscription.json'),
    code: 'forbidden',
    providerCode: '90',
    outcomeUnknown: false,
    message: /paid Dinero plan/,
  },
  {
    name: '403/48 no paid plan (older code)',
    status: 403,
    body: '{"code":48,"message":"No subscription"}',
    code: 'forbidden',
    providerCode: '48',
    outcomeUnknown: false,
    message: /paid Dinero plan/,
  },
  {
    name: '403/7 no paid plan (oldest code)',
    status: 403,
    body: '{"code":7,"message":"No subscription"}',
    code: 'forbidden',
    providerCode: '7',
    outcomeUnknown: false,
    message: /paid Dinero plan/,
  },
  {
    name: '403/41 organization not granted',
    status: 403,
    body: text('error-forbidden.json'),
    code: 'forbidden',
    providerCode: '41',
    outcomeUnknown: false,
    message: /do not grant access/,
  },
  {
    name: '404',
    status: 404,
    body: '{"code":40,"message":"Not found"}',
    code: 'not_found',
    providerCode: '40',
    outcomeUnknown: false,
    message: /found nothing/,
  },
  {
    name: '409/72 duplicate',
    status: 409,
    body: text('error-duplicated.json'),
    code: 'conflict',
    providerCode: '72',
    outcomeUnknown: false,
    message: /duplicate/,
  },
  {
    name: '413',
    status: 413,
    body: '{"code":43,"message":"The file is larger than 6 MB."}',
    code: 'too_large',
    providerCode: '43',
    outcomeUnknown: false,
    message: /6 MB/,
  },
  {
    name: '429 with Retry-After',
    status: 429,
    body: text('error-rate-limited.json'),
    retryAfterMs: 12_000,
    code: 'rate_limited',
    providerCode: '43',
    outcomeUnknown: false,
    message: /quota/,
  },
  {
    name: '429 without Retry-After: no wait invented',
    status: 429,
    body: text('error-rate-limited.json'),
    code: 'rate_limited',
    providerCode: '43',
    outcomeUnknown: false,
    message: /quota/,
  },
  { name: '480 brownout', status: 480, body: '', code: 'unavailable', outcomeUnknown: false, message: /brownout/ },
  {
    name: '500',
    status: 500,
    body: '{"code":0,"message":"Internal error"}',
    code: 'unavailable',
    providerCode: '0',
    outcomeUnknown: true,
    message: /HTTP 500/,
  },
  {
    name: '503 unparseable body',
    status: 503,
    body: '<html>Service Unavailable</html>',
    code: 'unavailable',
    outcomeUnknown: true,
    message: /HTTP 503/,
  },
  {
    name: '503 to a read',
    status: 503,
    body: '<html>Service Unavailable</html>',
    changes: false,
    code: 'unavailable',
    outcomeUnknown: false,
    message: /HTTP 503/,
  },
  {
    name: '500 to a write',
    status: 500,
    body: '{"code":0,"message":"Internal error"}',
    changes: true,
    code: 'unavailable',
    providerCode: '0',
    outcomeUnknown: true,
    message: /HTTP 500/,
  },
  {
    name: 'unexpected 302',
    status: 302,
    body: '',
    code: 'unknown',
    outcomeUnknown: true,
    message: /does not understand/,
  },
];

describe('dineroErrorFromResponse', () => {
  it.each(table)('$name → $code', (row) => {
    const error = dineroErrorFromResponse({
      status: row.status,
      bodyText: row.body,
      action,
      ...(row.retryAfterMs !== undefined && { retryAfterMs: row.retryAfterMs }),
      ...(row.changes !== undefined && { changes: row.changes }),
    });
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.code).toBe(row.code);
    expect(error.field).toBe(row.field);
    expect(error.providerCode).toBe(row.providerCode);
    expect(error.httpStatus).toBe(row.status);
    expect(error.outcomeUnknown).toBe(row.outcomeUnknown);
    expect(error.retryAfterMs).toBe(row.retryAfterMs);
    expect(error.message).toMatch(row.message);
    expect(error.message).toContain(action);
  });

  it('lists every validation error, naming the first as the field', () => {
    const error = dineroErrorFromResponse({
      status: 400,
      action,
      bodyText: JSON.stringify({
        code: 42,
        message: 'Validation error',
        validationErrors: { voucherDate: 'Required', 'lines[1].vatCode': 'Unknown' },
      }),
    });
    expect(error.field).toBe('VoucherDate');
    expect(error.message).toContain('VoucherDate: Required; Lines[1].VatCode: Unknown');
  });

  it('keeps only the plain fields in its JSON form, nothing from the HTTP exchange', () => {
    const error = dineroErrorFromResponse({
      status: 429,
      bodyText: text('error-rate-limited.json'),
      action,
      retryAfterMs: 5000,
    });
    expect(error.toJSON()).toEqual({
      name: 'ConnectorError',
      code: 'rate_limited',
      message: `Dinero's request quota was exceeded when ${action}. Dinero said: "API calls quota exceeded! maximum admitted 100 per 60s.".`,
      retryable: true,
      outcomeUnknown: false,
      providerCode: '43',
      retryAfterMs: 5000,
      httpStatus: 429,
    });
    expect(Object.keys(error)).not.toContain('cause');
  });
});

describe('dineroNetworkError', () => {
  it('marks a timeout as unavailable with an unknown outcome', () => {
    const error = dineroNetworkError(action, 30_000);
    expect([error.code, error.retryable, error.outcomeUnknown]).toEqual(['unavailable', true, true]);
    expect(error.message).toBe(`Dinero did not answer within 30000 ms when ${action}.`);
  });

  it('marks a connection failure the same way', () => {
    expect(dineroNetworkError(action).message).toBe(`Dinero could not be reached when ${action}.`);
  });

  it('marks a request known to have applied nothing (a read, or never sent) as retryable with a known outcome', () => {
    const error = dineroNetworkError(action, undefined, false);
    expect([error.code, error.retryable, error.outcomeUnknown]).toEqual(['unavailable', true, false]);
  });
});

describe('dineroTokenError', () => {
  const tokenAction = 'refreshing the Visma Connect access token for organization 100001';
  it.each([
    {
      status: 400,
      body: text('oauth-invalid-grant.json'),
      code: 'authentication',
      providerCode: 'invalid_grant',
      message: /reconnect the company/,
    },
    {
      status: 401,
      body: '{"error":"invalid_client"}',
      code: 'authentication',
      providerCode: 'invalid_client',
      message: /integration client id or secret/,
    },
    { status: 429, body: '', code: 'rate_limited', providerCode: undefined, message: /HTTP 429/ },
    { status: 502, body: 'Bad gateway', code: 'unavailable', providerCode: undefined, message: /HTTP 502/ },
    { status: 418, body: '{}', code: 'unknown', providerCode: undefined, message: /HTTP 418/ },
  ])('$status $providerCode → $code', ({ status, body, code, providerCode, message }) => {
    const error = dineroTokenError({ status, bodyText: body, action: tokenAction });
    expect(error.code).toBe(code);
    expect(error.providerCode).toBe(providerCode);
    expect(error.message).toMatch(message);
    expect(error.outcomeUnknown).toBe(code === 'unknown');
  });
});

describe('parsing helpers', () => {
  it('reads Retry-After as seconds or as an HTTP date, ignoring anything else', () => {
    const now = Date.UTC(2025, 10, 20, 12, 0, 0);
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 20 Nov 2025 12:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('Thu, 20 Nov 2025 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('reads the error body loosely and PascalCases property paths', () => {
    expect(parseDineroErrorBody('"plain"')).toEqual({ message: 'plain' });
    expect(parseDineroErrorBody('[1]')).toEqual({});
    expect(parseDineroErrorBody('{"code":"x","validationErrors":{"a":1}}')).toEqual({ validationErrors: { a: '1' } });
    expect(pascalCaseField('lines[0].vatCode')).toBe('Lines[0].VatCode');
    expect(pascalCaseField('Timestamp')).toBe('Timestamp');
  });
});
