import {
  CONNECTOR_ERROR_CODES,
  ConnectorError,
  ConnectorErrorCode,
  isConnectorError,
  isRetryable,
  RETRYABLE_BY_CODE,
} from './connector-error';

describe('ConnectorError', () => {
  it.each<[ConnectorErrorCode, boolean]>([
    ['authentication', false],
    ['forbidden', false],
    ['validation', false],
    ['rate_limited', true],
    ['unavailable', true],
    ['not_found', false],
    ['conflict', false],
    ['too_large', false],
    ['aborted', true],
    ['unknown', false],
  ])('derives retryable for %s as %s', (code, retryable) => {
    expect(isRetryable(code)).toBe(retryable);
    expect(new ConnectorError(code, 'x').retryable).toBe(retryable);
  });

  it('lists every code once, each surviving a trip through plain data, and its retry policy cannot be changed', () => {
    expect(new Set(CONNECTOR_ERROR_CODES).size).toBe(CONNECTOR_ERROR_CODES.length);
    for (const code of CONNECTOR_ERROR_CODES) {
      const copy: unknown = JSON.parse(JSON.stringify(new ConnectorError(code, 'x')));
      expect([code, isConnectorError(copy), (copy as { retryable: boolean }).retryable]).toEqual([
        code,
        true,
        isRetryable(code),
      ]);
    }
    expect(() => {
      (RETRYABLE_BY_CODE as Record<string, boolean>)['validation'] = true;
    }).toThrow(TypeError);
    expect(isRetryable('validation')).toBe(false);
  });

  it('carries the field at fault for validation errors', () => {
    const error = new ConnectorError('validation', 'VoucherDate is outside the accounting year.', {
      field: 'VoucherDate',
      providerCode: '42',
      httpStatus: 400,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConnectorError');
    expect(error.field).toBe('VoucherDate');
    expect(error.providerCode).toBe('42');
    expect(error.retryable).toBe(false);
  });

  it('carries how long to wait when rate-limited', () => {
    const error = new ConnectorError('rate_limited', 'API calls quota exceeded.', { retryAfterMs: 30_000 });
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(30_000);
  });

  it('treats unavailable and unknown outcomes as possibly applied unless told otherwise', () => {
    expect(new ConnectorError('unavailable', 'timeout').outcomeUnknown).toBe(true);
    expect(new ConnectorError('unknown', '?').outcomeUnknown).toBe(true);
    expect(new ConnectorError('aborted', 'stopped').outcomeUnknown).toBe(true);
    expect(new ConnectorError('unavailable', 'refused', { outcomeUnknown: false }).outcomeUnknown).toBe(false);
    expect(new ConnectorError('validation', 'bad').outcomeUnknown).toBe(false);
  });

  it('rejects an unknown code and a nonsensical wait', () => {
    expect(() => new ConnectorError('toString' as ConnectorErrorCode, 'x')).toThrow(TypeError);
    expect(() => new ConnectorError('rate_limited', 'x', { retryAfterMs: -1 })).toThrow(TypeError);
    expect(() => new ConnectorError('rate_limited', 'x', { retryAfterMs: Number.NaN })).toThrow(TypeError);
  });

  it('serialises to plain data with only the fields that are set', () => {
    const error = new ConnectorError('conflict', 'Duplicated entity.', { providerCode: '72', httpStatus: 409 });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'ConnectorError',
      code: 'conflict',
      message: 'Duplicated entity.',
      retryable: false,
      outcomeUnknown: false,
      providerCode: '72',
      httpStatus: 409,
    });
  });

  it('is recognised by the type guard, also as plain data from another module copy', () => {
    expect(isConnectorError(new ConnectorError('forbidden', 'No paid plan.'))).toBe(true);
    expect(isConnectorError({ name: 'ConnectorError', code: 'forbidden', message: 'x' })).toBe(true);
    expect(isConnectorError({ name: 'ConnectorError', code: 'teapot' })).toBe(false);
    expect(isConnectorError(new Error('plain'))).toBe(false);
    expect(isConnectorError(null)).toBe(false);
  });
});
