// Errors in the shape Dinero's API answers with; API.md "Errors" lists the codes used here.
export interface DineroErrorBody {
  code: number;
  message: string;
  validationErrors: Record<string, string> | null;
  errorMessageList: { Code: number; Message: string }[] | null;
  languageSpecificMessages: { property: string; message: string }[];
}

export class DineroError extends Error {
  constructor(
    readonly status: number,
    readonly body: DineroErrorBody | string,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'string' ? body : body.message);
  }
}

function body(code: number, message: string, validationErrors: Record<string, string> | null = null): DineroErrorBody {
  const languageSpecificMessages = validationErrors
    ? Object.entries(validationErrors).map(([property, reason]) => ({ property, message: reason }))
    : [{ property: '', message }];
  return { code, message, validationErrors, errorMessageList: null, languageSpecificMessages };
}

export const DineroErrors = {
  validation(field: string, reason: string): DineroError {
    return new DineroError(400, body(42, 'Validation error', { [field]: reason }));
  },
  validationMany(errors: Record<string, string>): DineroError {
    return new DineroError(400, body(42, 'Validation error', errors));
  },
  staleTimestamp(field = 'Timestamp'): DineroError {
    return new DineroError(
      400,
      body(58, `${field} is out of date. Read the entity again and retry.`, { [field]: 'Out of date' }),
    );
  },
  // Dinero answers 63 as 404 on reads and as 400 on some resources; see README "differences".
  notFound(what: string, status: 400 | 404 = 404): DineroError {
    return new DineroError(status, body(63, `${what} not found`));
  },
  routeNotFound(): DineroError {
    return new DineroError(404, body(40, 'Not found'));
  },
  duplicated(id: string): DineroError {
    return new DineroError(409, body(72, `Duplicated entity: ${id}`));
  },
  unauthorized(reason: string): DineroError {
    return new DineroError(401, body(41, `Unauthorized: ${reason}`), {
      'WWW-Authenticate': `Bearer error="invalid_token"`,
    });
  },
  forbidden(reason: string, code = 41): DineroError {
    return new DineroError(403, body(code, reason));
  },
  rateLimited(message: string, headers: Record<string, string>): DineroError {
    return new DineroError(429, body(43, message), headers);
  },
  server(status: number, message: string, code = 0): DineroError {
    return new DineroError(status, body(code, message));
  },
  badRequest(message: string): DineroError {
    return new DineroError(400, body(42, message));
  },
};

// OAuth2 token endpoints answer RFC 6749 errors, not Dinero's body.
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}
