import express, { NextFunction, Request, RequestHandler, Response } from 'express';

/** Largest JSON body the API reads; bigger bodies answer 413 before any of it is parsed. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Deepest nesting of objects and arrays a JSON body may have; no request of the API needs more than a few. */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when the JSON text nests objects/arrays deeper than `maxDepth`, counting brackets outside strings only.
 * Runs over the raw bytes in one pass, so a hostile body is refused before JSON.parse builds (and the validation
 * pipe recurses through) the deep object. Multi-byte UTF-8 sequences never contain ASCII bytes, so bytes suffice.
 */
export function jsonNestingExceeds(body: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

class TooDeepError extends Error {
  readonly type = 'entity.too.deep';
}

class CharsetError extends Error {
  readonly type = 'charset.unsupported';
}

// The scan reads UTF-8; a body in another charset body-parser accepts (UTF-16) is converted first.
function reencoded(buf: Buffer, encoding: string): Buffer {
  try {
    return Buffer.from(new TextDecoder(encoding, { fatal: true }).decode(buf), 'utf8');
  } catch {
    throw new CharsetError(`unsupported charset ${encoding}`);
  }
}

/** Body-parser failures happen before Nest's filters run, so they get the common error shape here. */
export function bodyErrors(
  err: Error & { status?: number; type?: string },
  req: Request,
  res: Response,
  next: NextFunction,
): void {
  if (!err.status || err.status >= 500) return next(err);
  const [status, error, message] =
    err.type === 'entity.too.large'
      ? [413, 'PAYLOAD_TOO_LARGE', `The request body is larger than the limit of ${BODY_LIMIT_BYTES} bytes (1 MiB).`]
      : err.type === 'entity.too.deep'
        ? [
            400,
            'BAD_REQUEST',
            `The request body nests objects and arrays deeper than the limit of ${MAX_JSON_DEPTH} levels.`,
          ]
        : err.status === 415 || err.type === 'charset.unsupported'
          ? [415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON in UTF-8 (or UTF-16).']
          : [
              err.status,
              err.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST',
              'The request body is not valid JSON.',
            ];
  res
    .status(status)
    .json({ statusCode: status, error, message, requestId: String((req as Request & { id?: string }).id ?? '') });
}

/** The JSON body parser with its size and depth caps, then the handler that words its refusals. */
export function jsonBody(): Array<RequestHandler | typeof bodyErrors> {
  const parse = express.json({
    limit: BODY_LIMIT_BYTES,
    // body-parser calls verify with the raw bytes before it parses them.
    verify: (_req, _res, buf, encoding) => {
      const bytes = !encoding || /^utf-?8$/i.test(encoding) ? buf : reencoded(buf, encoding);
      if (jsonNestingExceeds(bytes, MAX_JSON_DEPTH)) throw new TooDeepError('too deep');
    },
  });
  return [parse, bodyErrors];
}
