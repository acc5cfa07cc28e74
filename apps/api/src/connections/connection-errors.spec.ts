import { ConnectorError } from '@ledgerbridge/connector-sdk';
import { ApiError } from '../http/api-errors';
import { apiErrorFromConnector } from './connection-errors';

const asApiError = (err: unknown): ApiError => {
  if (!(err instanceof ApiError)) throw new Error('not an ApiError');
  return err;
};

describe('apiErrorFromConnector', () => {
  it('answers a spent request budget with 503 and Retry-After in whole seconds, rounded up', () => {
    const answer = asApiError(
      apiErrorFromConnector(new ConnectorError('rate_limited', 'Budget spent.', { retryAfterMs: 4_200 }), 'acme'),
    );
    expect([answer.getStatus(), answer.headers]).toEqual([503, { 'Retry-After': '5' }]);
  });

  it('sends no Retry-After when the wait is unknown', () => {
    const answer = asApiError(apiErrorFromConnector(new ConnectorError('unavailable', 'Down.'), 'acme'));
    expect([answer.getStatus(), answer.headers]).toEqual([503, undefined]);
  });

  it('never promises less than a second', () => {
    const err = new ConnectorError('rate_limited', 'Budget spent.', { retryAfterMs: 0 });
    expect(asApiError(apiErrorFromConnector(err, 'acme')).headers).toEqual({ 'Retry-After': '1' });
  });
});
