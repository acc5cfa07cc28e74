import { ConnectorError, type ConnectorErrorCode } from '@ledgerbridge/connector-sdk';
import { bullBackoff, retryDelayMs } from './retry-policy';

const lowest = () => 0;
const highest = () => 0.999999;

describe('retryDelayMs', () => {
  it.each<ConnectorErrorCode>([
    'authentication',
    'validation',
    'forbidden',
    'not_found',
    'conflict',
    'too_large',
    'unknown',
  ])('never repeats a permanent %s error', (code) => {
    expect(retryDelayMs(1, new ConnectorError(code, 'no'))).toBeNull();
    expect(bullBackoff(1, new ConnectorError(code, 'no'))).toBe(-1);
  });

  it('never repeats a failure that may have changed the books blindly', () => {
    expect(retryDelayMs(1, new ConnectorError('unavailable', 'sent, no answer', { outcomeUnknown: true }))).toBeNull();
  });

  it('waits at least what a rate limit asked, plus jitter', () => {
    const limited = new ConnectorError('rate_limited', 'slow down', { retryAfterMs: 12_000 });
    expect(retryDelayMs(1, limited, lowest)).toBe(12_000);
    const most = retryDelayMs(1, limited, highest)!;
    expect(most).toBeGreaterThan(12_000);
    expect(most).toBeLessThanOrEqual(12_000 + 2_400);
    // Without Retry-After it backs off, and the budget's own refusal then says how long.
    expect(retryDelayMs(3, new ConnectorError('rate_limited', 'slow down'), lowest)).toBe(4_000);
  });

  it('backs off exponentially with jitter on an unavailable provider or a transient host failure', () => {
    const unavailable = new ConnectorError('unavailable', 'down', { outcomeUnknown: false });
    expect([1, 2, 3].map((n) => retryDelayMs(n, unavailable, lowest))).toEqual([500, 1_000, 2_000]);
    expect([1, 2, 3].map((n) => retryDelayMs(n, unavailable, highest))).toEqual([1_000, 2_000, 4_000]);
    expect(retryDelayMs(30, new Error('database is away'), highest)).toBe(300_000);
  });
});
