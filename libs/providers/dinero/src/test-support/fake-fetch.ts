import type { DineroOptions, FetchFunction } from '../dinero.options';

/** One request as the fake saw it, ready for exact assertions. */
export interface RecordedRequest {
  readonly method: string;
  /** The path without host or query: "/v1/100001/accounts/entry". */
  readonly path: string;
  readonly origin: string;
  readonly query: Record<string, string>;
  /** Header names in lower case. */
  readonly headers: Record<string, string>;
  readonly bodyText?: string;
  /** A multipart body as sent (uploads). */
  readonly form?: FormData;
}

export type FakeReply =
  | {
      readonly status?: number;
      readonly json?: unknown;
      readonly text?: string;
      readonly headers?: Record<string, string>;
    }
  | { readonly networkError: true; readonly code?: string }
  | { readonly hang: true };

interface Route {
  readonly method: string;
  readonly path: string;
  readonly replies: FakeReply[];
  readonly sticky: boolean;
}

/** A scripted `fetch`: replies are queued per method and path, and an unscripted request fails the test. */
export class FakeFetch {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];

  /** Queues replies consumed one per request, in order. */
  on(method: string, path: string, ...replies: FakeReply[]): this {
    this.routes.push({ method, path, replies: [...replies], sticky: false });
    return this;
  }

  /** Answers every request to this route with the same reply. */
  always(method: string, path: string, reply: FakeReply): this {
    this.routes.push({ method, path, replies: [reply], sticky: true });
    return this;
  }

  /** The recorded requests to one path, for tests that look at a single endpoint. */
  to(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  readonly fetch: FetchFunction = async (input, init) => {
    const url = new URL(input);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries((init.headers ?? {}) as Record<string, string>)) {
      headers[name.toLowerCase()] = value;
    }
    const method = init.method ?? 'GET';
    this.requests.push({
      method,
      path: url.pathname,
      origin: url.origin,
      query: Object.fromEntries(url.searchParams.entries()),
      headers,
      ...(typeof init.body === 'string' && { bodyText: init.body }),
      ...(init.body instanceof FormData && { form: init.body }),
    });
    const route = this.routes.find(
      (candidate) => candidate.method === method && candidate.path === url.pathname && candidate.replies.length > 0,
    );
    if (route === undefined) throw new Error(`FakeFetch: no reply scripted for ${method} ${url.pathname}`);
    const reply = route.sticky ? route.replies[0]! : route.replies.shift()!;
    // Node's fetch names the socket failure in `cause.code` (ECONNREFUSED: nothing was sent).
    if ('networkError' in reply) throw new TypeError('fetch failed', { cause: { code: reply.code ?? 'ECONNRESET' } });
    if ('hang' in reply) {
      return new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }
    const status = reply.status ?? 200;
    const body = reply.text ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
    return new Response(status === 204 ? null : body, { status, headers: reply.headers ?? {} });
  };
}

/** The form fields of a recorded `application/x-www-form-urlencoded` body. */
export function formOf(request: RecordedRequest): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(request.bodyText ?? '').entries());
}

/** The JSON body of a recorded request. */
export function jsonOf(request: RecordedRequest): unknown {
  return JSON.parse(request.bodyText ?? 'null');
}

/** A token endpoint answer as Dinero and Visma Connect give it. */
export function tokenReply(accessToken: string, refreshToken?: string, expiresIn = 3600): FakeReply {
  return {
    json: {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: expiresIn,
      ...(refreshToken !== undefined && { refresh_token: refreshToken }),
    },
  };
}

/** A test clock that moves only when a test moves it. */
export class FakeTime {
  constructor(public nowMs = Date.UTC(2025, 10, 20, 12, 0, 30)) {}
  readonly now = (): number => this.nowMs;
}

export const TEST_PARTNER = { clientId: 'partner-id', clientSecret: 'partner-secret' } as const;
export const TEST_URLS = {
  apiUrl: 'https://api.test',
  tokenUrl: 'https://authz.test/dineroapi/oauth/token',
  vismaConnectUrl: 'https://connect.test',
} as const;
/** `Basic base64("partner-id:partner-secret")`. */
export const TEST_BASIC = `Basic ${Buffer.from('partner-id:partner-secret').toString('base64')}`;

export function testOptions(fake: FakeFetch, time: FakeTime, extra: Partial<DineroOptions> = {}): DineroOptions {
  return {
    ...TEST_URLS,
    ...TEST_PARTNER,
    timeoutMs: 1000,
    fetch: fake.fetch,
    now: time.now,
    ...extra,
  };
}
