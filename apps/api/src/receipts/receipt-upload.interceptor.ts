import {
  CallHandler,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  NestInterceptor,
  PayloadTooLargeException,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import { ApiError } from '../http/api-errors';

/** The most the host buffers of one upload, a margin above any provider's limit; past it multer stops with 413. */
export const UPLOAD_LIMIT_BYTES = 25 * 1024 * 1024;
export const RECEIPT_FIELD = 'file';

// No storage and no dest: multer keeps the file in memory (a Buffer), capped by fileSize, and writes nothing to disk.
const MulterSingleFile = FileInterceptor(RECEIPT_FIELD, {
  // File names arrive as UTF-8 from browsers and curl; multer's default would read "æøå" as Latin-1.
  defParamCharset: 'utf8',
  limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 8, fieldSize: 64 * 1024, parts: 10, headerPairs: 50 },
});

/** Why the multipart body could not be read, in the API's error shape and naming the field. */
function uploadError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof PayloadTooLargeException)
    return new ApiError(
      HttpStatus.PAYLOAD_TOO_LARGE,
      'PAYLOAD_TOO_LARGE',
      `file is larger than the upload limit of ${UPLOAD_LIMIT_BYTES} bytes (25 MiB).`,
      [{ field: RECEIPT_FIELD, message: `file must be at most ${UPLOAD_LIMIT_BYTES} bytes` }],
    );
  // Everything multer and busboy fail on here is the body's fault: a missing boundary, a truncated part, a second file.
  const detail = err instanceof HttpException || err instanceof Error ? err.message : String(err);
  return new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', `The multipart body is not valid: ${detail}.`, [
    { field: RECEIPT_FIELD, message: `send multipart/form-data with exactly one file part named ${RECEIPT_FIELD}` },
  ]);
}

/** Nest's FileInterceptor (memory storage, hard size limit) with every multipart failure answered as a 4xx. */
@Injectable()
export class ReceiptUploadInterceptor implements NestInterceptor {
  private readonly multer = new MulterSingleFile();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.multer.intercept(context, next);
    } catch (err) {
      throw uploadError(err);
    }
  }
}
