import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { undiciFetch } from './undici-fetch';

interface Seen {
  method: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

describe('undiciFetch (the production transport)', () => {
  let server: Server;
  let base: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        if (req.url === '/hang') return; // never answers
        res.statusCode = req.url === '/busy' ? 429 : 201;
        if (req.url === '/busy') res.setHeader('Retry-After', '7');
        res.setHeader('Set-Cookie', ['a=1', 'b=2']);
        res.end('{"Guid":"9c1f0a4e","TimeStamp":"00000000000A1B2C"}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('sends method, headers and a JSON body, and answers status, headers by any case and the text', async () => {
    const body = JSON.stringify({ ExternalReference: 'æøå-1', Amount: 125.5 });
    const answer = await undiciFetch(`${base}/v1.2/1/vouchers/purchase`, {
      method: 'POST',
      headers: { Authorization: 'Bearer t0k3n', 'Content-Type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(201);
    expect(await answer.text()).toBe('{"Guid":"9c1f0a4e","TimeStamp":"00000000000A1B2C"}');
    expect(answer.headers.get('SET-COOKIE')).toBe('a=1, b=2');
    expect(answer.headers.get('x-absent')).toBeNull();
    const request = seen.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.headers['authorization']).toBe('Bearer t0k3n');
    expect(request.body.toString('utf8')).toBe(body);
  });

  it('reads Retry-After of a 429 like fetch does', async () => {
    const answer = await undiciFetch(`${base}/busy`, { method: 'GET' });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    await answer.text();
  });

  it('sends a receipt as multipart with its boundary and every byte intact', async () => {
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x0d, 0x0a, 0x80]);
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'kvittering.pdf');
    const answer = await undiciFetch(`${base}/v1/1/files`, { method: 'POST', body: form });
    await answer.text();
    const request = seen.at(-1)!;
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(request.headers['content-type'] ?? '')?.[1];
    expect(boundary).toBeDefined();
    const text = request.body.toString('latin1');
    expect(text).toContain('filename="kvittering.pdf"');
    expect(text).toContain('Content-Type: application/pdf');
    const start = request.body.indexOf('\r\n\r\n') + 4;
    expect(request.body.subarray(start, start + bytes.length)).toEqual(bytes);
    expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
  });

  it('fails like fetch: a TypeError whose cause carries the socket error code (refused: never sent)', async () => {
    const refused = await undiciFetch('http://127.0.0.1:1/x', { method: 'GET' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });

  it('stops waiting when its signal aborts', async () => {
    const controller = new AbortController();
    const pending = undiciFetch(`${base}/hang`, { method: 'POST', body: '{}', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(TypeError);
  });
});
