import {
  ConnectorError,
  throwIfCallStopped,
  type CallOptions,
  type ProviderConnection,
} from '@ledgerbridge/connector-sdk';
import { resolveDineroOptions, type DineroOptions, type ResolvedDineroOptions } from '../dinero.options';
import { dineroErrorFromResponse, dineroUnexpectedAnswer } from './dinero-errors';
import { DineroHttp, type HttpAnswer, type HttpMethod } from './dinero-http';
import { DineroTokens } from './dinero-tokens';

/** One call to Dinero's API; `path` starts with its version ("/v1.2/100001/ledgeritems"). */
export interface DineroCall {
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** What the call does, for error messages: "reading the accounts of organization 100001". */
  readonly action: string;
  /** The caller's signal and deadline, from the connector method's last argument. */
  readonly options?: CallOptions;
}

export interface DineroBodyCall extends DineroCall {
  /** Sent as JSON; Dinero's field names are PascalCase. */
  readonly body?: unknown;
}

export interface DineroUploadCall extends DineroCall {
  readonly form: FormData;
}

/** A 4xx answer handed back to the caller instead of thrown, with the error it would have thrown. */
export interface DineroRefusal {
  readonly refused: true;
  readonly status: number;
  readonly bodyText: string;
  readonly error: ConnectorError;
}

const COMPANY_ID = /^\d{1,10}$/;

/**
 * Dinero's HTTP API for one connection per call. Every request spends one call of the host's budget first and is
 * sent once: failures go back to the queue, which repeats. The one exception is a 401, which gets one token
 * refresh and one repeat, since Dinero refused before acting.
 */
export class DineroClient {
  readonly tokens: DineroTokens;
  private readonly http: DineroHttp;
  private readonly options: ResolvedDineroOptions;

  constructor(options: DineroOptions) {
    this.options = resolveDineroOptions(options);
    this.http = new DineroHttp(this.options);
    this.tokens = new DineroTokens(this.http, this.options);
  }

  /** The connection's Dinero Company ID, refused before any token is spent when it is not a number. */
  static companyIdOf(connection: ProviderConnection): string {
    if (!COMPANY_ID.test(connection.organizationId)) {
      throw new ConnectorError(
        'validation',
        `The Dinero Company ID of company ${connection.companyId} must be digits only, got "${connection.organizationId}".`,
        { field: 'organizationId' },
      );
    }
    return connection.organizationId;
  }

  /** `/v1/{org}/accounts/entry` from ("v1", connection, "accounts/entry"). */
  static organizationPath(version: string, connection: ProviderConnection, rest: string): string {
    return `/${version}/${DineroClient.companyIdOf(connection)}/${rest}`;
  }

  /** The clock the client's deadlines use, for request fields that name a time. */
  now(): number {
    return this.options.now();
  }

  /** Fails as `aborted`, with nothing sent, when the caller's signal or deadline has already ended the call. */
  throwIfStopped(options: CallOptions | undefined, action: string): void {
    throwIfCallStopped(options, this.options.now(), action);
  }

  get(connection: ProviderConnection, call: DineroCall): Promise<unknown> {
    return this.send(connection, 'GET', call, undefined, false);
  }

  /** POSTs that only read (ledger item status, similar-voucher check, totals preview): a failure applied nothing. */
  readPost(connection: ProviderConnection, call: DineroBodyCall): Promise<unknown> {
    return this.send(connection, 'POST', call, json(call.body), false);
  }

  write(connection: ProviderConnection, method: Exclude<HttpMethod, 'GET'>, call: DineroBodyCall): Promise<unknown> {
    return this.send(connection, method, call, json(call.body), true);
  }

  upload(connection: ProviderConnection, call: DineroUploadCall): Promise<unknown> {
    return this.send(connection, 'POST', call, { body: call.form, headers: {} }, true);
  }

  /** A write whose answers with a status in `kept` come back as a refusal, for callers that read their body. */
  async writeKeeping(
    connection: ProviderConnection,
    call: DineroBodyCall,
    kept: ReadonlySet<number>,
  ): Promise<{ readonly refused: false; readonly body: unknown } | DineroRefusal> {
    const body = await this.send(connection, 'POST', call, json(call.body), true, kept);
    return isRefusal(body) ? body : { refused: false, body };
  }

  private async send(
    connection: ProviderConnection,
    method: HttpMethod,
    call: DineroCall,
    content: { readonly body: string | FormData; readonly headers: Record<string, string> } | undefined,
    changes: boolean,
    kept: ReadonlySet<number> = new Set(),
  ): Promise<unknown> {
    const query = call.query && Object.keys(call.query).length > 0 ? `?${new URLSearchParams(call.query)}` : '';
    const url = `${this.options.apiUrl}${call.path}${query}`;
    const attempt = async (token: string): Promise<HttpAnswer> => {
      // Dinero counts every request, the refused ones too, so each one is paid for before it leaves.
      await connection.callBudget?.take();
      return this.http.exchange({
        method,
        url,
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...content?.headers },
        ...(content !== undefined && { body: content.body }),
        action: call.action,
        changes,
        ...(call.options !== undefined && { stop: call.options }),
      });
    };
    this.throwIfStopped(call.options, call.action);
    // A token grant is never abandoned halfway (it may spend a one-time refresh token), so the stop is checked after it.
    const token = await this.tokens.accessToken(connection);
    this.throwIfStopped(call.options, call.action);
    let answer = await attempt(token);
    if (answer.status === 401) {
      this.tokens.invalidate(connection, token);
      answer = await attempt(await this.tokens.accessToken(connection));
    }
    if (answer.status === 429) await connection.callBudget?.providerRefused(answer.retryAfterMs);
    if (answer.status < 200 || answer.status > 299) {
      const error = dineroErrorFromResponse({
        status: answer.status,
        bodyText: answer.bodyText,
        action: call.action,
        changes,
        ...(answer.retryAfterMs !== undefined && { retryAfterMs: answer.retryAfterMs }),
      });
      if (!kept.has(answer.status)) throw error;
      return new RefusedAnswer(answer.status, answer.bodyText, error);
    }
    if (answer.bodyText.trim() === '') return undefined;
    try {
      return JSON.parse(answer.bodyText) as unknown;
    } catch {
      throw dineroUnexpectedAnswer(call.action, answer.status);
    }
  }
}

// A class, so no JSON body Dinero sends can pass for a refusal.
class RefusedAnswer implements DineroRefusal {
  readonly refused = true;
  constructor(
    readonly status: number,
    readonly bodyText: string,
    readonly error: ConnectorError,
  ) {}
}

function isRefusal(value: unknown): value is DineroRefusal {
  return value instanceof RefusedAnswer;
}

function json(body: unknown): { body: string; headers: Record<string, string> } | undefined {
  return body === undefined
    ? undefined
    : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } };
}
