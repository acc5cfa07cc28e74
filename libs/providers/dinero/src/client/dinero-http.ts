import { callStopReason, callTimeLeftMs, stoppedCallError, type CallOptions } from '@ledgerbridge/connector-sdk';
import type { ResolvedDineroOptions } from '../dinero.options';
import { dineroNetworkError, parseRetryAfter } from './dinero-errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpRequest {
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | FormData;
  /** For error messages: "reading the accounts of organization 100001". */
  readonly action: string;
  /** True when the request changes the books, so a sent request without an answer leaves the outcome unknown. */
  readonly changes?: boolean;
  /** The caller's signal and deadline: they end the wait for an answer. */
  readonly stop?: CallOptions;
}

/** A Dinero answer with only what callers use, so no Response or Headers object travels further. */
export interface HttpAnswer {
  readonly status: number;
  readonly bodyText: string;
  /** Set on 429 only when Dinero sent `Retry-After`; the host's call budget decides otherwise. */
  readonly retryAfterMs?: number;
}

// Failures that happen before a byte of the request left this process: nothing can have been applied.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function failedBeforeSending(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' && NOT_SENT_CODES.has(cause.code);
}

type NoAnswerCause = 'network' | 'timeout' | 'aborted' | 'deadline';

/** One HTTP exchange with a timeout. Never repeats, waits or paces: the host's queue and call budget do. */
export class DineroHttp {
  constructor(private readonly options: ResolvedDineroOptions) {}

  /** Returns the answer, whatever its status; throws a ConnectorError only when no answer came. */
  async exchange(request: HttpRequest): Promise<HttpAnswer> {
    // Before the request leaves nothing of it can have been applied.
    const stopped = callStopReason(request.stop, this.options.now());
    if (stopped !== undefined) throw stoppedCallError(stopped, request.action, false);
    const controller = new AbortController();
    const left = callTimeLeftMs(request.stop, this.options.now());
    const byDeadline = left !== undefined && left < this.options.timeoutMs;
    let cause = 'network' as NoAnswerCause; // set by the timer or the caller's signal
    const timer = setTimeout(
      () => {
        cause = byDeadline ? 'deadline' : 'timeout';
        controller.abort();
      },
      byDeadline ? left : this.options.timeoutMs,
    );
    const signal = request.stop?.signal;
    const onAbort = (): void => {
      cause = 'aborted';
      controller.abort();
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this.options.fetch(request.url, {
        method: request.method,
        headers: { ...request.headers },
        ...(request.body !== undefined && { body: request.body }),
        signal: controller.signal,
      });
      // The body is read under the same timer: a stalled body is as unanswered as a stalled connection.
      const bodyText = await response.text();
      if (response.status !== 429) return { status: response.status, bodyText };
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.options.now());
      return { status: response.status, bodyText, ...(retryAfterMs !== undefined && { retryAfterMs }) };
    } catch (error) {
      // The thrown error is dropped on purpose: it may quote the request, headers included.
      const changes = request.changes === true;
      if (cause === 'aborted' || cause === 'deadline') throw stoppedCallError(cause, request.action, true, changes);
      const timedOut = cause === 'timeout';
      const maybeApplied = changes && (timedOut || !failedBeforeSending(error));
      throw dineroNetworkError(request.action, timedOut ? this.options.timeoutMs : undefined, maybeApplied);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
