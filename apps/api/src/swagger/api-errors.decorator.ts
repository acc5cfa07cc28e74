import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../http/error-response.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is not valid; `fields` names each field at fault.',
  401: 'No API key, or the key is not valid.',
  403: 'The key may not use this route.',
  404: 'Not found, or not reachable with this key.',
  409: 'Conflicts with what is stored.',
};

/** Documents the error answers of a route, all in ErrorResponseDto's shape. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ...[...new Set([401, 403, ...statuses])].map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error.', type: ErrorResponseDto }),
    ),
  );
}
