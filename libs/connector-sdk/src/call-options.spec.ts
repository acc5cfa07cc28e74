import { callStopReason, callTimeLeftMs, stoppedCallError, throwIfCallStopped } from './call-options';

const NOW = 1_700_000_000_000;

describe('call options', () => {
  it('stops an aborted call or one past its deadline, and lets the others go on', () => {
    const aborted = new AbortController();
    aborted.abort();
    expect(callStopReason({ signal: aborted.signal }, NOW)).toBe('aborted');
    expect(callStopReason({ deadline: NOW }, NOW)).toBe('deadline');
    expect(callStopReason({ deadline: NOW + 1, signal: new AbortController().signal }, NOW)).toBeUndefined();
    expect(callStopReason(undefined, NOW)).toBeUndefined();
  });

  it('counts the time left before the deadline, never below zero', () => {
    expect(callTimeLeftMs({ deadline: NOW + 250 }, NOW)).toBe(250);
    expect(callTimeLeftMs({ deadline: NOW - 5 }, NOW)).toBe(0);
    expect(callTimeLeftMs({}, NOW)).toBeUndefined();
  });

  it('reports a stop as a retryable aborted error whose outcome is unknown only once the request was sent', () => {
    expect(stoppedCallError('aborted', 'creating ledger items', true)).toMatchObject({
      code: 'aborted',
      retryable: true,
      outcomeUnknown: true,
      message: 'The call was cancelled by the caller after the request was sent (creating ledger items).',
    });
    expect(stoppedCallError('deadline', 'reading accounts', true, false)).toMatchObject({
      outcomeUnknown: false,
      message: 'The call passed its deadline after the request was sent (reading accounts).',
    });
    expect(stoppedCallError('deadline', 'reading accounts', false)).toMatchObject({
      code: 'aborted',
      outcomeUnknown: false,
      message: 'The call passed its deadline before anything was sent (reading accounts).',
    });
    expect(() => throwIfCallStopped({ deadline: NOW - 1 }, NOW, 'x')).toThrow(
      expect.objectContaining({ code: 'aborted', outcomeUnknown: false }),
    );
    expect(() => throwIfCallStopped({ deadline: NOW + 1 }, NOW, 'x')).not.toThrow();
  });
});
