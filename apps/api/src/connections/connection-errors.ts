import { HttpStatus } from '@nestjs/common';
import { ConnectorError, UnknownConnectorError } from '@ledgerbridge/connector-sdk';
import { ApiError } from '../http/api-errors';

/**
 * What a provider's refusal means to the caller of the admin API. Refusals about the input are 422 and name the
 * field at fault; a provider that is down or busy is 503, with nothing stored either way.
 */
export function apiErrorFromConnector(err: unknown, provider: string): unknown {
  if (err instanceof UnknownConnectorError) {
    return new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'The request is not valid.', [
      { field: 'provider', message: `provider "${provider}" is not mounted here` },
    ]);
  }
  if (!(err instanceof ConnectorError)) return err;
  switch (err.code) {
    case 'authentication':
      return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'PROVIDER_REJECTED_CREDENTIALS', err.message, [
        { field: err.field ?? 'credentials', message: err.message },
      ]);
    case 'not_found':
    case 'validation':
      return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'PROVIDER_REJECTED_INPUT', err.message, [
        { field: err.field ?? 'organizationId', message: err.message },
      ]);
    case 'forbidden':
      return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'PROVIDER_PLAN_REQUIRED', err.message);
    case 'rate_limited':
    case 'unavailable':
      return new ApiError(
        HttpStatus.SERVICE_UNAVAILABLE,
        'PROVIDER_UNAVAILABLE',
        `${provider} did not answer usefully; try again shortly. ${err.message}`,
        undefined,
        // When the wait is known (a spent request budget, Dinero's Retry-After), the caller learns it.
        err.retryAfterMs === undefined
          ? undefined
          : { 'Retry-After': String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))) },
      );
    default:
      return new ApiError(HttpStatus.BAD_GATEWAY, 'PROVIDER_ERROR', err.message);
  }
}
