import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { AuditTrail } from '@ledgerbridge/audit';
import type { ConnectorRegistry } from '@ledgerbridge/connector-sdk';
import { ReceiptChanges } from '@ledgerbridge/exports';
import {
  AuditEntryEntity,
  CompanyEntity,
  ConnectionEntity,
  ExportEntity,
  TransactionEntity,
  TransactionReceiptEntity,
  createDataSource,
  dataSourceOptions,
} from '@ledgerbridge/persistence';
import { FileSystemReceiptStore } from '@ledgerbridge/receipts';
import { DataSource } from 'typeorm';
import { ApiError } from '../http/api-errors';
import { displayName, ReceiptsService } from './receipts.service';

const [MINE, OTHER] = ['c0000000-0000-4000-8000-0000000000d1', 'c0000000-0000-4000-8000-0000000000d2'];
const [TX, THEIR_TX] = ['70000000-0000-4000-8000-0000000000d1', '70000000-0000-4000-8000-0000000000d2'];
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const transaction = (id: string, companyId: string) => ({
  id,
  companyId,
  platformId: `p-${id}`,
  kind: 'card_expense' as const,
  state: 'received' as const,
  version: 1,
  bookedOn: '2026-11-24',
  amount: 12500,
  currency: 'DKK',
  contentHash: 'a'.repeat(64),
});

/** Connectors that declare only attachment limits: `small` takes 2,000 bytes, so a PDF of 3,000 is too large there. */
const registry = {
  has: (key: string) => key === 'small' || key === 'big',
  get: (key: string) => ({
    limits: {
      rateLimitScope: 'organization',
      attachments: { maxBytes: key === 'small' ? 2_000 : 10_000_000, contentTypes: ['application/pdf', 'image/jpeg'] },
    },
  }),
  keys: () => ['big', 'small'],
} as unknown as ConnectorRegistry;

async function failure(promise: Promise<unknown>): Promise<{ status: number; code: string; fields: unknown }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
  return { status: err.getStatus(), code: err.code, fields: err.fields };
}

describe('ReceiptsService', () => {
  let dataDir: string;
  let ds: DataSource;
  let service: ReceiptsService;
  let mine: CompanyEntity;
  const audits = (action: string) => ds.getRepository(AuditEntryEntity).findBy({ subjectId: TX, action });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lb-receipts-'));
    ds = createDataSource(dataSourceOptions({ dataDir }));
    await ds.initialize();
    await ds.runMigrations();
    await ds.getRepository(CompanyEntity).insert([
      { id: MINE, name: 'Kvittering ApS' },
      { id: OTHER, name: 'Anden ApS' },
    ]);
    await ds.getRepository(TransactionEntity).insert([transaction(TX, MINE), transaction(THEIR_TX, OTHER)]);
    mine = await ds.getRepository(CompanyEntity).findOneByOrFail({ id: MINE });
    service = new ReceiptsService(
      new ReceiptChanges(ds, new AuditTrail(ds)),
      registry,
      new FileSystemReceiptStore(join(dataDir, 'receipts')),
      ds.getRepository(TransactionEntity),
      ds.getRepository(TransactionReceiptEntity),
      ds.getRepository(ConnectionEntity),
    );
  });

  afterAll(async () => {
    await ds.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('attaches a converted image, records it without bytes, and the same file again changes nothing', async () => {
    const webp = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#c86428' } })
      .webp()
      .toBuffer();
    const first = await service.attach(
      mine,
      TX,
      { originalname: 'C:\\Users\\m\\kvittering æøå.webp', buffer: webp },
      'key:1',
    );
    expect(first).toMatchObject({
      transactionId: TX,
      contentType: 'image/jpeg',
      receivedContentType: 'image/webp',
      fileName: 'kvittering æøå.webp',
      converted: true,
      shrunk: false,
    });
    const again = await service.attach(mine, TX, { originalname: 'kvittering æøå.webp', buffer: webp }, 'key:1');
    expect(again.sha256).toBe(first.sha256);
    const attached = await audits('transaction.receipt_attached');
    expect(attached).toHaveLength(1);
    expect(JSON.stringify(attached[0]?.after)).toContain(first.sha256);
    expect(JSON.stringify(attached)).not.toContain(webp.subarray(0, 12).toString('base64'));
    expect((await service.summaries(MINE, [TX])).get(TX)).toEqual({
      contentType: 'image/jpeg',
      size: first.size,
      sha256: first.sha256,
      fileName: 'kvittering æøå.webp',
    });
  });

  it('replaces the receipt with an audit entry saying what it was before, and serves the new bytes', async () => {
    const before = await service.get(MINE, TX);
    const replaced = await service.attach(mine, TX, { originalname: 'bon.pdf', buffer: PDF }, 'key:1');
    expect(replaced).toMatchObject({ contentType: 'application/pdf', size: PDF.length, converted: false });
    const [entry] = await audits('transaction.receipt_replaced');
    expect(JSON.parse(String(entry?.before))).toMatchObject({ sha256: before.sha256 });
    expect(JSON.parse(String(entry?.after))).toMatchObject({ sha256: replaced.sha256 });
    expect((await service.content(MINE, TX)).bytes.equals(PDF)).toBe(true);
  });

  it('prepares for the limits of the provider the company is connected to', async () => {
    await ds.getRepository(ConnectionEntity).insert({
      id: 'd0000000-0000-4000-8000-0000000000d1',
      companyId: MINE,
      providerKey: 'small',
      organizationId: '1',
      authMethod: 'api_key',
      status: 'connected',
      credentials: null,
    });
    const big = Buffer.concat([PDF, Buffer.alloc(3_000, 0x20)]);
    expect(await failure(service.attach(mine, TX, { originalname: 'big.pdf', buffer: big }, 'key:1'))).toMatchObject({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      fields: [{ field: 'file' }],
    });
    await ds.getRepository(ConnectionEntity).delete({ companyId: MINE });
    // Not connected: the strictest mounted provider (2,000 bytes) still decides.
    expect(await failure(service.attach(mine, TX, { originalname: 'big.pdf', buffer: big }, 'key:1'))).toMatchObject({
      status: 413,
    });
  });

  it('answers each refusal with its status, naming the field file', async () => {
    const send = (buffer: Buffer) => failure(service.attach(mine, TX, { originalname: 'x.pdf', buffer }, 'key:1'));
    expect(await send(Buffer.alloc(0))).toMatchObject({ status: 400, fields: [{ field: 'file' }] });
    expect(await send(Buffer.from('just text'))).toMatchObject({ status: 415, fields: [{ field: 'file' }] });
    expect(await failure(service.attach(mine, TX, undefined, 'key:1'))).toMatchObject({
      status: 400,
      fields: [{ field: 'file' }],
    });
  });

  it("never reaches another company's transaction or receipt", async () => {
    await service.attach({ id: OTHER } as CompanyEntity, THEIR_TX, { originalname: 'a.pdf', buffer: PDF }, 'key:2');
    const other = { originalname: 'a.pdf', buffer: PDF };
    expect(await failure(service.attach(mine, THEIR_TX, other, 'key:1'))).toMatchObject({ status: 404 });
    expect(await failure(service.get(MINE, THEIR_TX))).toMatchObject({ status: 404 });
    expect(await failure(service.content(MINE, THEIR_TX))).toMatchObject({ status: 404 });
    expect(await failure(service.remove(MINE, THEIR_TX, 'key:1'))).toMatchObject({ status: 404 });
    expect((await service.summaries(MINE, [THEIR_TX])).size).toBe(0);
    expect(await service.get(OTHER, THEIR_TX)).toMatchObject({ transactionId: THEIR_TX });
  });

  it('removes the receipt with an audit entry, keeping the shared bytes in the store', async () => {
    const files = () => readdirSync(join(dataDir, 'receipts'), { recursive: true }).length;
    const stored = files();
    await service.remove(MINE, TX, 'key:1');
    expect(await failure(service.get(MINE, TX))).toMatchObject({ status: 404 });
    expect(await audits('transaction.receipt_removed')).toHaveLength(1);
    expect(await failure(service.remove(MINE, TX, 'key:1'))).toMatchObject({ status: 404 });
    expect(files()).toBe(stored);
    // The other company's transaction still has the same PDF.
    expect((await service.content(OTHER, THEIR_TX)).bytes.equals(PDF)).toBe(true);
  });

  it('keeps the receipt an export may have used, and lets one that stopped before any create take a new one', async () => {
    const tx = '70000000-0000-4000-8000-0000000000d3';
    await ds.getRepository(TransactionEntity).insert(transaction(tx, MINE));
    await service.attach(mine, tx, { originalname: 'first.pdf', buffer: PDF }, 'key:1');
    const exportId = 'e0000000-0000-4000-8000-0000000000d3';
    const exports = ds.getRepository(ExportEntity);
    await exports.insert({
      id: exportId,
      companyId: MINE,
      transactionId: tx,
      transactionVersion: 1,
      providerKey: 'dinero',
      state: 'sending',
    });
    const other = { originalname: 'second.pdf', buffer: Buffer.concat([PDF, Buffer.from('% v2\n')]) };
    for (const state of ['queued', 'sending', 'exported', 'in_doubt'] as const) {
      await exports.update({ id: exportId }, { state });
      expect(await failure(service.attach(mine, tx, other, 'key:1'))).toMatchObject({ status: 409 });
      expect(await failure(service.remove(MINE, tx, 'key:1'))).toMatchObject({ status: 409 });
    }
    // Parked before any create, with the old receipt already uploaded: the new one replaces it, the handle is forgotten.
    await exports.update({ id: exportId }, { state: 'needs_attention', attachmentRef: 'file-old' });
    expect((await service.attach(mine, tx, other, 'key:1')).fileName).toBe('second.pdf');
    expect((await exports.findOneByOrFail({ id: exportId })).attachmentRef).toBeNull();
    // A create went out (its answer lost, say): the receipt it used stays.
    await exports.update({ id: exportId }, { state: 'failed', createSentAt: new Date() });
    expect(await failure(service.remove(MINE, tx, 'key:1'))).toMatchObject({ status: 409 });
    expect((await service.get(MINE, tx)).fileName).toBe('second.pdf');
  });

  it('shows a file name without folders or control characters', () => {
    expect(displayName('../../etc/passwd')).toBe('passwd');
    expect(displayName('a\u0000b\r\n.pdf')).toBe('ab.pdf');
    expect(displayName('')).toBe('receipt');
    expect(displayName('x'.repeat(300))).toHaveLength(255);
  });
});
