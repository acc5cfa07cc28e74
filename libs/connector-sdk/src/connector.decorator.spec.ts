import { INJECTABLE_WATERMARK } from '@nestjs/common/constants';
import { AccountingConnector, accountingConnectorOptionsOf, isConnectorKey } from './connector.decorator';

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

  it('returns nothing for undecorated classes and non-classes', () => {
    class Plain {}
    expect(accountingConnectorOptionsOf(Plain)).toBeUndefined();
    expect(accountingConnectorOptionsOf({})).toBeUndefined();
  });

  it.each([
    [{ key: 'Dinero', rateLimit: { requests: 1, perMs: 1 } }, 'key "Dinero" must be lower-case'],
    [{ key: 'dinero', rateLimit: { requests: 0, perMs: 1 } }, 'rateLimit.requests must be a positive integer'],
    [{ key: 'dinero', rateLimit: { requests: 1, perMs: 0.5 } }, 'rateLimit.perMs must be a positive integer'],
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
