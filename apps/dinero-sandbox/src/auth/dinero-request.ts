import type { Request } from 'express';
import type { Caller } from './token.service';

// The authenticated caller travels on the request from the guard to the fault interceptor and handlers.
export interface DineroRequest extends Request {
  caller?: Caller;
}

export function organizationIdOf(request: Request): number | null {
  const raw = request.params['organizationId'];
  if (raw === undefined) return null;
  if (typeof raw !== 'string') return -1;
  return /^\d+$/.test(raw) ? Number(raw) : -1;
}
