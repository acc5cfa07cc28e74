import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';
import { ApiError } from './api-errors';

/** Validates a path parameter as a UUID, answering 400 that names the parameter. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'The request is not valid.', [
        { field: name, message: `${name} must be a UUID` },
      ]),
  });
}
