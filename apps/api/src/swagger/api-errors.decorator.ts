import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../http/error-response.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is not valid; `fields` names each field at fault.',
  401: 'No API key, or the key is not valid.',
  403: 'The key may not use this route.',
  404: 'Not found, or not reachable with this key.',
  409: 'Conflicts with what is stored.',
  413: 'The body is larger than 1 MiB; nothing of it was read.',
  415: 'The body is not JSON in UTF-8 or UTF-16.',
};

/** A status, or a status with what it means on this route in particular. */
type ErrorStatus = number | [status: number, description: string];

/** Documents the error answers of a route, all in ErrorResponseDto's shape. */
export function ApiErrors(...statuses: ErrorStatus[]) {
  const own = new Map<number, string>();
  for (const s of [401, 403, ...statuses]) {
    const [status, description] = Array.isArray(s) ? s : [s, own.get(s) ?? DESCRIPTIONS[s] ?? 'Error.'];
    own.set(status, description);
  }
  return applyDecorators(
    ...[...own].map(([status, description]) => ApiResponse({ status, description, type: ErrorResponseDto })),
  );
}
