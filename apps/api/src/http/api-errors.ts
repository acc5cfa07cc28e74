import { HttpException, HttpStatus } from '@nestjs/common';
import { ValidationError } from 'class-validator';

export interface FieldError {
  field: string;
  message: string;
}

/** An HTTP failure with a stable code; every error the API raises on purpose is one of these. */
export class ApiError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
    /** Sent along with the answer, such as Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message, status);
  }
}

export const notFound = (what: string) => new ApiError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `${what} was not found.`);
export const forbidden = (why: string) => new ApiError(HttpStatus.FORBIDDEN, 'FORBIDDEN', why);
export const rateLimited = (why: string, retryAfterSeconds: number) =>
  new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'RATE_LIMITED', why, undefined, {
    'Retry-After': String(retryAfterSeconds),
  });
export const conflict = (why: string, fields?: FieldError[]) =>
  new ApiError(HttpStatus.CONFLICT, 'CONFLICT', why, fields);

/** Flattens class-validator's tree into one entry per field, with dotted paths for nested objects. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrors(e.children ?? [], field)];
  });
}

export function validationFailed(errors: ValidationError[]): ApiError {
  return new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'The request is not valid.', fieldErrors(errors));
}
