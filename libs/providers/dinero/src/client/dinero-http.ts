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
  /** Reads may be repeated on 5xx, 429 and network faults; writes never (the export ledger owns those). */
  readonly retry: boolean;
  /** The caller's signal and deadline: they end the wait for an answer, and no repeat starts after them. */
  readonly stop?: CallOptions;
}

/** A Dinero answer with only what callers use, so no Response or Headers object travels further. */
export interface HttpAnswer {
  readonly status: number;
  readonly bodyText: string;
  /** Set on 429: `Retry-After` when Dinero sent it, else the time left in the current minute. */
  readonly retryAfterMs?: number;
}

const RATE_WINDOW_MS = 60_000;
const FIRST_BACKOFF_MS = 500;

// 480 is Dinero's random brownout: a later read may well succeed.
function isRepeatable(status: number): boolean {
  return status === 429 || status === 480 || (status >= 500 && status <= 599);
}

class NoAnswer {
  constructor(readonly cause: 'network' | 'timeout' | 'aborted' | 'deadline') {}
}

/** One HTTP exchange with a timeout, plus the bounded retry policy for reads. Never paces requests. */
export class DineroHttp {
  constructor(private readonly options: ResolvedDineroOptions) {}

  /** Returns the final answer, whatever its status; throws a ConnectorError only when no answer came. */
  async exchange(request: HttpRequest): Promise<HttpAnswer> {
    const attempts = request.retry ? this.options.readAttempts : 1;
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= attempts;
      // Before an attempt nothing of it has left, and only reads (which change nothing) are repeated.
      const stopped = callStopReason(request.stop, this.options.now());
      if (stopped !== undefined) throw stoppedCallError(stopped, request.action, false);
      const answer = await this.once(request);
      if (answer instanceof NoAnswer) {
        // The request had left: a write may have been applied, a read changed nothing.
        if (answer.cause === 'aborted' || answer.cause === 'deadline') {
          throw stoppedCallError(answer.cause, request.action, true, !request.retry);
        }
        const wait = this.backoff(attempt);
        if (last || wait > this.options.maxRetryWaitMs) {
          throw dineroNetworkError(request.action, answer.cause === 'timeout' ? this.options.timeoutMs : undefined);
        }
        await this.options.sleep(wait);
        continue;
      }
      if (last || !isRepeatable(answer.status)) return answer;
      const wait = answer.retryAfterMs ?? this.backoff(attempt);
      // Waiting less than Dinero asked would only spend another request of the quota.
      if (wait > this.options.maxRetryWaitMs) return answer;
      await this.options.sleep(wait);
    }
  }

  private backoff(attempt: number): number {
    return FIRST_BACKOFF_MS * 2 ** (attempt - 1);
  }

  private async once(request: HttpRequest): Promise<HttpAnswer | NoAnswer> {
    const controller = new AbortController();
    const left = callTimeLeftMs(request.stop, this.options.now());
    const byDeadline = left !== undefined && left < this.options.timeoutMs;
    let cause: NoAnswer['cause'] = 'network';
    const timer = setTimeout(() => {
      cause = byDeadline ? 'deadline' : 'timeout';
      controller.abort();
    }, byDeadline ? left : this.options.timeoutMs);
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
      const now = this.options.now();
      const retryAfterMs =
        parseRetryAfter(response.headers.get('retry-after'), now) ?? RATE_WINDOW_MS - (now % RATE_WINDOW_MS);
      return { status: response.status, bodyText, retryAfterMs };
    } catch {
      // The thrown error is dropped on purpose: it may quote the request, headers included.
      return new NoAnswer(cause);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
