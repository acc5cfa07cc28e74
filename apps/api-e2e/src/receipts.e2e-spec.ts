import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { connectWithApiKey, waitForSync } from './test-support/connections';
import { e2eEnv } from './test-support/e2e-env';
import { call, newCompanyWithKey } from './test-support/http';
import { newOrganization } from './test-support/sandbox';

interface Receipt {
  transactionId: string;
  contentType: string;
  size: number;
  sha256: string;
  fileName: string;
  receivedContentType: string;
  receivedSize: number;
  converted: boolean;
  shrunk: boolean;
}
interface ErrorBody {
  statusCode: number;
  message: string;
  fields?: Array<{ field: string; message: string }>;
}

const DINERO_MAX = 6_000_000;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let seq = 0;
const topUp = () => ({
  platformId: `rc-${process.pid}-${Date.now()}-${++seq}`,
  kind: 'wallet_top_up',
  bookedOn: '2026-11-24',
  amount: 100000,
  currency: 'DKK',
});

type Company = { id: string; key: string };

async function newTransaction(c: Company): Promise<string> {
  const res = await call<{ results: Array<{ transaction: { id: string } }> }>(
    'POST',
    `/companies/${c.id}/transactions`,
    { key: c.key, body: { items: [topUp()] } },
  );
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
  return res.body.results[0]?.transaction.id as string;
}

const receiptPath = (c: Company, txId: string) => `${e2eEnv().baseUrl}/companies/${c.id}/transactions/${txId}/receipt`;

/** PUTs a multipart body with one part per file; the part's Content-Type is whatever the test claims. */
async function upload<T = Receipt>(
  c: Company,
  txId: string,
  files: Array<{ bytes: Buffer; name: string; type?: string; field?: string }>,
  key = c.key,
) {
  const form = new FormData();
  for (const f of files)
    form.append(f.field ?? 'file', new Blob([f.bytes], { type: f.type ?? 'application/octet-stream' }), f.name);
  const res = await fetch(receiptPath(c, txId), {
    method: 'PUT',
    body: form,
    headers: { Authorization: `Bearer ${key}` },
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** PUTs raw bytes under a hand-written Content-Type, for the malformed bodies a form would never build. */
async function rawPut(c: Company, txId: string, contentType: string, body: string | Buffer) {
  const res = await fetch(receiptPath(c, txId), {
    method: 'PUT',
    body,
    headers: { Authorization: `Bearer ${c.key}`, 'Content-Type': contentType },
  });
  return { status: res.status, body: (await res.json()) as ErrorBody };
}

/** Receipt files the host stored under its DATA_DIR (temp files excluded). */
function storedFiles(): string[] {
  const root = join(e2eEnv().dataDir, 'receipts');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.tmp-'))
    .map((e) => e.name);
}

describe('receipts', () => {
  let c: Company;
  let other: Company;
  let bigPng: Buffer;

  beforeAll(async () => {
    c = await newCompanyWithKey('Kvittering ApS');
    const org = await newOrganization();
    const connected = await connectWithApiKey(c.id, c.key, org.id, org.apiKey);
    await waitForSync(c.id, connected.body.id, String(connected.body.lastSyncJobId), c.key);
    other = await newCompanyWithKey('Anden ApS');
    // Random pixels do not compress: about 17 MB of PNG, far over Dinero's limit and under the 25 MiB upload cap.
    bigPng = await sharp(randomBytes(2400 * 2400 * 3), { raw: { width: 2400, height: 2400, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
  });

  it('sniffs the type from the bytes, shows the receipt on the transaction, and serves the bytes back', async () => {
    const txId = await newTransaction(c);
    const jpeg = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    // Named .pdf and sent as a PDF, but the bytes are a JPEG.
    const put = await upload(c, txId, [{ bytes: jpeg, name: 'kvittering.pdf', type: 'application/pdf' }]);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ contentType: 'image/jpeg', size: jpeg.length, converted: false, shrunk: false });
    expect(put.body.fileName).toBe('kvittering.pdf');
    const summary = {
      contentType: 'image/jpeg',
      size: jpeg.length,
      sha256: put.body.sha256,
      fileName: 'kvittering.pdf',
    };
    const tx = await call<{ receipt: unknown }>('GET', `/companies/${c.id}/transactions/${txId}`, { key: c.key });
    expect(tx.body.receipt).toEqual(summary);
    const list = await call<{ items: Array<{ id: string; receipt: unknown }> }>(
      'GET',
      `/companies/${c.id}/transactions`,
      { key: c.key },
    );
    expect(list.body.items.find((t) => t.id === txId)?.receipt).toEqual(summary);
    expect((await call('GET', `/companies/${c.id}/transactions/${txId}/receipt`, { key: c.key })).body).toMatchObject(
      summary,
    );
    const content = await fetch(`${receiptPath(c, txId)}/content`, { headers: { Authorization: `Bearer ${c.key}` } });
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await content.arrayBuffer()).equals(jpeg)).toBe(true);
  });

  it('converts a WebP to JPEG and stores the same receipt twice only once', async () => {
    const webp = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#aa5500' } })
      .webp()
      .toBuffer();
    const before = storedFiles().length;
    const first = await upload(c, await newTransaction(c), [{ bytes: webp, name: 'bon.webp', type: 'image/webp' }]);
    const second = await upload(c, await newTransaction(c), [{ bytes: webp, name: 'bon-igen.webp' }]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body).toMatchObject({ contentType: 'image/jpeg', receivedContentType: 'image/webp', converted: true });
    expect(second.body.sha256).toBe(first.body.sha256);
    expect(storedFiles().length).toBe(before + 1);
    expect(storedFiles()).toContain(first.body.sha256);
  });

  it('shrinks an image far over 6 MB into a JPEG under the limit, and audits it without its bytes', async () => {
    expect(bigPng.length).toBeGreaterThan(DINERO_MAX);
    const txId = await newTransaction(c);
    const put = await upload(c, txId, [{ bytes: bigPng, name: 'scan.png', type: 'image/png' }]);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ contentType: 'image/jpeg', receivedContentType: 'image/png', shrunk: true });
    expect(put.body.receivedSize).toBe(bigPng.length);
    expect(put.body.size).toBeLessThanOrEqual(DINERO_MAX);
    const content = await fetch(`${receiptPath(c, txId)}/content`, { headers: { Authorization: `Bearer ${c.key}` } });
    const bytes = Buffer.from(await content.arrayBuffer());
    expect(bytes.length).toBe(put.body.size);
    expect((await sharp(bytes).metadata()).format).toBe('jpeg');
    const audit = await call<{ items: Array<{ subjectId: string; after: unknown }> }>(
      'GET',
      `/companies/${c.id}/audit?action=transaction.receipt_attached`,
      { key: c.key },
    );
    const entry = audit.body.items.find((e) => e.subjectId === txId);
    expect(JSON.stringify(entry?.after)).toContain(put.body.sha256);
    expect(JSON.stringify(audit.body).length).toBeLessThan(100_000);
  });

  it('refuses a PDF over the limit with 413 saying so, and stores nothing', async () => {
    const txId = await newTransaction(c);
    const big = Buffer.concat([PDF, Buffer.alloc(DINERO_MAX + 1 - PDF.length, 0x20)]);
    const before = storedFiles().length;
    const put = await upload<ErrorBody>(c, txId, [{ bytes: big, name: 'faktura.pdf', type: 'application/pdf' }]);
    expect(put.status).toBe(413);
    expect(put.body.message).toContain('6000000 bytes');
    expect(put.body.message).toMatch(/PDF cannot be shrunk/);
    expect(put.body.fields?.[0]?.field).toBe('file');
    expect(storedFiles().length).toBe(before);
    expect((await call('GET', `/companies/${c.id}/transactions/${txId}/receipt`, { key: c.key })).status).toBe(404);
  });

  it('refuses bytes that are not a receipt, whatever the name says, naming the field file', async () => {
    const txId = await newTransaction(c);
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('a.pdf')]);
    const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    for (const [bytes, name, status] of [
      [zip, 'receipt.pdf', 415],
      [Buffer.from('Kvittering 125,00 kr'), 'receipt.pdf', 415],
      [png.subarray(0, Math.floor(png.length * 0.6)), 'cut.png', 422],
      [Buffer.alloc(0), 'empty.pdf', 400],
    ] as const) {
      const put = await upload<ErrorBody>(c, txId, [{ bytes, name, type: 'application/pdf' }]);
      expect({ name, status: put.status, field: put.body.fields?.[0]?.field }).toEqual({ name, status, field: 'file' });
    }
  });

  it('answers malformed multipart, no file, two files and a too-large upload with 4xx, never 5xx', async () => {
    const txId = await newTransaction(c);
    const part = (name: string) =>
      `--b0undary\r\nContent-Disposition: form-data; name="${name}"; filename="a.pdf"\r\n` +
      'Content-Type: application/pdf\r\n\r\n%PDF-1.4\n%%EOF\n\r\n';
    const cases: Array<[string, string, string | Buffer, number]> = [
      ['no boundary', 'multipart/form-data', 'whatever', 400],
      ['truncated', 'multipart/form-data; boundary=b0undary', part('file').slice(0, 90), 400],
      ['two files', 'multipart/form-data; boundary=b0undary', `${part('file')}${part('file')}--b0undary--\r\n`, 400],
      ['other field', 'multipart/form-data; boundary=b0undary', `${part('receipt')}--b0undary--\r\n`, 400],
      ['JSON', 'application/json', '{"file":"JVBERi0="}', 400],
    ];
    for (const [what, type, body, status] of cases) {
      const res = await rawPut(c, txId, type, body);
      expect({ what, status: res.status, field: res.body.fields?.[0]?.field }).toEqual({ what, status, field: 'file' });
    }
    const noFile = new FormData();
    noFile.append('note', 'no file here');
    const res = await fetch(receiptPath(c, txId), {
      method: 'PUT',
      body: noFile,
      headers: { Authorization: `Bearer ${c.key}` },
    });
    expect(res.status).toBe(400);
    const huge = await upload<ErrorBody>(c, txId, [{ bytes: Buffer.alloc(26 * 1024 * 1024, 1), name: 'huge.tif' }]);
    expect(huge.status).toBe(413);
    expect(huge.body.fields?.[0]?.field).toBe('file');
    expect((await call('GET', `/companies/${c.id}/transactions/${txId}/receipt`, { key: c.key })).status).toBe(404);
  });

  it("never serves or changes one company's receipt for another company's key", async () => {
    const txId = await newTransaction(c);
    await upload(c, txId, [{ bytes: PDF, name: 'privat.pdf', type: 'application/pdf' }]);
    const theirs = { id: c.id, key: other.key };
    expect((await upload<ErrorBody>(theirs, txId, [{ bytes: PDF, name: 'x.pdf' }])).status).toBe(404);
    // Under its own company id, the other key still cannot reach this company's transaction.
    const ownPath = { id: other.id, key: other.key };
    expect((await upload<ErrorBody>(ownPath, txId, [{ bytes: PDF, name: 'x.pdf' }])).status).toBe(404);
    for (const [method, path] of [
      ['GET', `/companies/${c.id}/transactions/${txId}/receipt`],
      ['GET', `/companies/${c.id}/transactions/${txId}/receipt/content`],
      ['DELETE', `/companies/${c.id}/transactions/${txId}/receipt`],
      ['GET', `/companies/${other.id}/transactions/${txId}/receipt`],
      ['GET', `/companies/${other.id}/transactions/${txId}/receipt/content`],
      ['DELETE', `/companies/${other.id}/transactions/${txId}/receipt`],
    ]) {
      const res = await call(method, path, { key: other.key });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
      expect(JSON.stringify(res.body)).not.toContain('privat.pdf');
    }
    const mine = await call<Receipt>('GET', `/companies/${c.id}/transactions/${txId}/receipt`, { key: c.key });
    expect(mine.body.fileName).toBe('privat.pdf');
  });

  it('removes a receipt while the transaction is not exported', async () => {
    const txId = await newTransaction(c);
    await upload(c, txId, [{ bytes: PDF, name: 'a.pdf', type: 'application/pdf' }]);
    expect((await call('DELETE', `/companies/${c.id}/transactions/${txId}/receipt`, { key: c.key })).status).toBe(204);
    const tx = await call<{ receipt: unknown }>('GET', `/companies/${c.id}/transactions/${txId}`, { key: c.key });
    expect(tx.body.receipt).toBeNull();
    expect((await call('DELETE', `/companies/${c.id}/transactions/${txId}/receipt`, { key: c.key })).status).toBe(404);
  });

  it('documents the upload as multipart with a binary file field, and each of its error answers', async () => {
    type Operation = {
      requestBody?: { content: Record<string, { schema: { properties: Record<string, { format?: string }> } }> };
      responses: Record<string, unknown>;
    };
    const doc = await call<{ paths: Record<string, Record<string, Operation>> }>('GET', '/docs-json');
    const path = doc.body.paths['/companies/{companyId}/transactions/{transactionId}/receipt'];
    const put = path?.['put'];
    expect(put?.requestBody?.content['multipart/form-data']?.schema.properties['file']?.format).toBe('binary');
    expect(Object.keys(put?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409', '413', '415', '422']),
    );
    expect(Object.keys(path ?? {}).sort()).toEqual(['delete', 'get', 'put']);
  });
});
