import { request, type Dispatcher } from 'undici';
import type { FetchFunction, FetchAnswer } from '../dinero.options';

/**
 * The production transport: undici's `request` behind the part of fetch's shape the client uses (status, one
 * header, the body as text). `fetch` builds WHATWG streams, a Headers and a Response object for every call: on this
 * machine a local round trip cost 0.43 ms of CPU through fetch and 0.12 ms through `request` (client and a bare
 * server together), and a worker makes one or two such calls per expense.
 *
 * Failures keep fetch's shape, a TypeError whose `cause` is the socket's error, so telling "never sent" (refused,
 * no such host) from "sent, answer lost" reads the same `cause.code` whichever transport ran.
 */
export const undiciFetch: FetchFunction = async (url, init) => {
  let answer: Awaited<ReturnType<typeof request>>;
  try {
    const { headers, body } = await encoded(init);
    answer = await request(url, {
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers,
      body,
      signal: init.signal ?? undefined,
    });
  } catch (err) {
    throw new TypeError('fetch failed', { cause: err });
  }
  const headers = answer.headers;
  const response: FetchAnswer = {
    status: answer.statusCode,
    headers: {
      get(name: string): string | null {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: async () => {
      try {
        return await answer.body.text();
      } catch (err) {
        throw new TypeError('fetch failed', { cause: err });
      }
    },
  };
  return response;
};

/**
 * A text body goes as it is; a multipart one (a receipt) is encoded by the platform's own Response, boundary and
 * content type included: Node's global FormData comes from the undici bundled with Node, which this undici's request
 * cannot read (it fails with "action is not a function").
 */
async function encoded(init: RequestInit): Promise<{ headers: Record<string, string>; body?: string | Buffer }> {
  const headers = { ...(init.headers as Record<string, string> | undefined) };
  if (init.body === undefined || init.body === null || typeof init.body === 'string') {
    return { headers, ...(typeof init.body === 'string' && { body: init.body }) };
  }
  const form = new Response(init.body);
  headers['content-type'] = form.headers.get('content-type') ?? 'application/octet-stream';
  return { headers, body: Buffer.from(await form.arrayBuffer()) };
}
