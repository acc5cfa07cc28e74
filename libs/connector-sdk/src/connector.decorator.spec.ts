import { INJECTABLE_WATERMARK } from '@nestjs/common/constants';
import {
  AccountingConnector,
  accountingConnectorOptionsOf,
  isConnectorKey,
  requestsPerWindow,
} from './connector.decorator';

describe('@AccountingConnector', () => {
  it('records its options and makes the class injectable', () => {
    @AccountingConnector({ key: 'dinero', rateLimit: { requests: 100, perMs: 60_000 } })
    class DineroLikeConnector {}

    expect(accountingConnectorOptionsOf(DineroLikeConnector)).toEqual({
      key: 'dinero',
      rateLimit: { requests: 100, perMs: 60_000 },
    });
    expect(Reflect.getMetadata(INJECTABLE_WATERMARK, DineroLikeConnector)).toBe(true);
  });

  it('records a budget per connection kind and answers it, falling back to the default for other kinds', () => {
    @AccountingConnector({
      key: 'dinero',
      rateLimit: { requests: 90, perMs: 60_000, byConnectionKind: { api_key: 60 } },
    })
    class KindsConnector {}

    const rateLimit = accountingConnectorOptionsOf(KindsConnector)!.rateLimit;
    expect(rateLimit).toEqual({ requests: 90, perMs: 60_000, byConnectionKind: { api_key: 60 } });
    expect(Object.isFrozen(rateLimit.byConnectionKind)).toBe(true);
    expect([requestsPerWindow(rateLimit, 'api_key'), requestsPerWindow(rateLimit, 'oauth')]).toEqual([60, 90]);
    expect(requestsPerWindow(rateLimit, 'toString')).toBe(90);
  });

  it('returns nothing for undecorated classes and non-classes', () => {
    class Plain {}
    expect(accountingConnectorOptionsOf(Plain)).toBeUndefined();
    expect(accountingConnectorOptionsOf({})).toBeUndefined();
  });

  it.each([
    [{ key: 'Dinero', rateLimit: { requests: 1, perMs: 1 } }, 'key "Dinero" must be lower-case'],
    [{ key: 'dinero', rateLimit: { requests: 0, perMs: 1 } }, 'rateLimit.requests must be a positive integer'],
    [{ key: 'dinero', rateLimit: { requests: 1, perMs: 0.5 } }, 'rateLimit.perMs must be a positive integer'],
    [
      { key: 'dinero', rateLimit: { requests: 1, perMs: 1, byConnectionKind: { api_key: 0 } } },
      'byConnectionKind.api_key must be',
    ],
    [
      { key: 'dinero', rateLimit: { requests: 1, perMs: 1, byConnectionKind: { 'API key': 5 } } },
      'invalid connection kind',
    ],
  ])('rejects invalid options %p when the class is declared', (options, message) => {
    expect(() => AccountingConnector(options)).toThrow(message);
  });

  it.each([
    ['dinero', true],
    ['e-conomic', true],
    ['9lives', false],
    ['', false],
    ['x'.repeat(33), false],
  ])('treats %p as a key: %p', (key, valid) => {
    expect(isConnectorKey(key)).toBe(valid);
  });
});
