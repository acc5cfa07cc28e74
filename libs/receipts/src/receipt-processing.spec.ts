import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { MAX_PIXELS, prepareReceipt, ReceiptRefused } from './receipt-processing';

const DINERO = { maxBytes: 6_000_000, contentTypes: ['application/pdf', 'image/jpeg', 'image/png'] };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** A zip holding one stored file: what a `.pdf` download sometimes really is. */
function zipBytes(): Buffer {
  const name = Buffer.from('receipt.pdf');
  const data = Buffer.from('not a pdf');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(10, 4);
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(data.length, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name, data]);
}

const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } });

async function refusal(bytes: Uint8Array, limits = DINERO): Promise<ReceiptRefused> {
  const err = await prepareReceipt(bytes, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ReceiptRefused)) throw new Error(`expected a ReceiptRefused, got ${String(err)}`);
  return err;
}

describe('prepareReceipt', () => {
  it('keeps a PDF, a JPEG and a PNG byte for byte', async () => {
    const jpeg = await solid(64, 48).jpeg().toBuffer();
    const png = await solid(64, 48).png().toBuffer();
    for (const [bytes, type] of [
      [PDF, 'application/pdf'],
      [jpeg, 'image/jpeg'],
      [png, 'image/png'],
    ] as const) {
      const prepared = await prepareReceipt(bytes, DINERO);
      expect(prepared).toMatchObject({ contentType: type, receivedContentType: type, converted: false, shrunk: false });
      expect(prepared.bytes.equals(bytes)).toBe(true);
    }
  });

  it('converts a WebP to a JPEG of the same size in pixels', async () => {
    const webp = await solid(320, 200).webp().toBuffer();
    const prepared = await prepareReceipt(webp, DINERO);
    expect(prepared).toMatchObject({ contentType: 'image/jpeg', receivedContentType: 'image/webp', converted: true });
    expect((await fileTypeFromBuffer(prepared.bytes))?.mime).toBe('image/jpeg');
    expect(await sharp(prepared.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 320, height: 200 });
  });

  it('applies the EXIF orientation when it converts, since the JPEG keeps no EXIF', async () => {
    const sideways = await solid(300, 100).withMetadata({ orientation: 6 }).tiff().toBuffer();
    const prepared = await prepareReceipt(sideways, DINERO);
    const meta = await sharp(prepared.bytes).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 100, height: 300 });
    expect(meta.orientation).toBeUndefined();
  });

  it('converts to PNG for a provider that takes no JPEG', async () => {
    const webp = await solid(40, 30).webp().toBuffer();
    const prepared = await prepareReceipt(webp, {
      maxBytes: 1_000_000,
      contentTypes: ['application/pdf', 'image/png'],
    });
    expect(prepared).toMatchObject({ contentType: 'image/png', converted: true });
    expect((await fileTypeFromBuffer(prepared.bytes))?.mime).toBe('image/png');
  });

  it('shrinks a 4000x4000 noisy image of far more than 6 MB into a valid JPEG under 6,000,000 bytes', async () => {
    const noise = randomBytes(4000 * 4000 * 3);
    const tiff = await sharp(noise, { raw: { width: 4000, height: 4000, channels: 3 } })
      .tiff({ compression: 'none' })
      .toBuffer();
    expect(tiff.length).toBeGreaterThan(6_000_000);
    const prepared = await prepareReceipt(tiff, DINERO);
    expect(prepared).toMatchObject({ contentType: 'image/jpeg', converted: true, shrunk: true });
    expect(prepared.bytes.length).toBeLessThanOrEqual(6_000_000);
    expect(prepared.receivedSize).toBe(tiff.length);
    const meta = await sharp(prepared.bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeGreaterThanOrEqual(600);
    // The whole image decodes, not just its header.
    await expect(sharp(prepared.bytes).raw().toBuffer()).resolves.toBeInstanceOf(Buffer);
  });

  it('recompresses a JPEG over the limit and keeps it a JPEG', async () => {
    const noise = randomBytes(600 * 600 * 3);
    const jpeg = await sharp(noise, { raw: { width: 600, height: 600, channels: 3 } })
      .jpeg({ quality: 100 })
      .toBuffer();
    const limit = Math.floor(jpeg.length / 2);
    const prepared = await prepareReceipt(jpeg, { ...DINERO, maxBytes: limit });
    expect(prepared).toMatchObject({ contentType: 'image/jpeg', converted: false, shrunk: true });
    expect(prepared.bytes.length).toBeLessThanOrEqual(limit);
  });

  it('refuses a PDF over the limit at once, saying the limit and that a PDF cannot be shrunk', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(6_000_001 - PDF.length, 0x20)]);
    const err = await refusal(big);
    expect(err.reason).toBe('too_large');
    expect(err.message).toContain('6000000 bytes');
    expect(err.message).toMatch(/PDF cannot be shrunk/);
    // Exactly at the limit is fine.
    await expect(prepareReceipt(big.subarray(0, 6_000_000), DINERO)).resolves.toMatchObject({ shrunk: false });
  });

  it('refuses a zip named .pdf, plain text and an empty file, naming the file', async () => {
    expect(await refusal(zipBytes())).toMatchObject({ reason: 'unsupported_type' });
    expect((await refusal(zipBytes())).message).toMatch(/^file is of type application\/zip/);
    expect(await refusal(Buffer.from('Kvittering: 125,00 kr'))).toMatchObject({ reason: 'unsupported_type' });
    expect(await refusal(new Uint8Array(0))).toMatchObject({ reason: 'empty', message: 'file is empty.' });
  });

  it('refuses a PDF to a provider that takes only images', async () => {
    expect(await refusal(PDF, { maxBytes: 1000, contentTypes: ['image/png'] })).toMatchObject({
      reason: 'unsupported_type',
    });
  });

  it('refuses an image whose header is right but whose pixels cannot be decoded', async () => {
    const raw = { raw: { width: 100, height: 100, channels: 3 } } as const;
    for (const image of [sharp(randomBytes(30_000), raw).png(), sharp(randomBytes(30_000), raw).jpeg()]) {
      const whole = await image.toBuffer();
      const truncated = whole.subarray(0, Math.floor(whole.length * 0.6));
      expect(await refusal(truncated)).toMatchObject({ reason: 'undecodable' });
    }
    const webp = await solid(64, 48).webp().toBuffer();
    expect(await refusal(webp.subarray(0, 40))).toMatchObject({ reason: 'undecodable' });
  });

  it('refuses a tiny PNG that claims more pixels than are read, before decoding it', async () => {
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body));
      return Buffer.concat([length, body, crc]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(20_000, 0);
    header.writeUInt32BE(20_000, 4);
    header.set([8, 2, 0, 0, 0], 8);
    const bomb = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    expect(bomb.length).toBeLessThan(100);
    const err = await refusal(bomb);
    expect(err.reason).toBe('too_large');
    expect(err.message).toContain(`20000 × 20000 pixels; at most ${MAX_PIXELS}`);
  });
});
