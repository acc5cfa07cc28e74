import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';

/** What the books' provider takes (the connector's `limits.attachments`). */
export interface ReceiptLimits {
  readonly maxBytes: number;
  readonly contentTypes: readonly string[];
}

/** A receipt ready to store and, later, to upload unchanged. */
export interface PreparedReceipt {
  readonly bytes: Buffer;
  readonly contentType: string;
  /** The type sniffed from the bytes as they came in. */
  readonly receivedContentType: string;
  readonly receivedSize: number;
  /** Turned into another type (e.g. WebP → JPEG). */
  readonly converted: boolean;
  /** Recompressed or downscaled to fit `maxBytes`. */
  readonly shrunk: boolean;
}

export type ReceiptRefusalReason = 'empty' | 'unsupported_type' | 'undecodable' | 'too_large';

/** Why a file cannot be a receipt; the message is for the client and names no internals. */
export class ReceiptRefused extends Error {
  constructor(
    readonly reason: ReceiptRefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'ReceiptRefused';
  }
}

const PDF = 'application/pdf';
const JPEG = 'image/jpeg';
const PNG = 'image/png';
/** Image types sharp reads that are converted; SVG is left out on purpose (it is a document, not pixels). */
const CONVERTIBLE = new Set(['image/webp', 'image/tiff', 'image/gif', 'image/avif', 'image/heif', 'image/heic']);
const QUALITIES = [82, 70, 58];
const SHRINK_QUALITY = 70;
/** Below this a receipt is no longer readable; give up rather than upload a thumbnail. */
const MIN_SIDE = 600;
const MAX_STEPS = 12;
/** 100 megapixels (a 10,000 × 10,000 scan); a few KB of PNG can claim billions, which would decode into gigabytes. */
export const MAX_PIXELS = 100_000_000;

const megabytes = (n: number) => `${(n / 1_000_000).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;

/**
 * Sniffs the type from the bytes (never the name or header), keeps what the provider takes, converts other images
 * to JPEG (or PNG when the provider takes no JPEG), and shrinks an image over `maxBytes` until it fits. A PDF over
 * the limit, a type that is no receipt, and an image that does not decode are refused with a ReceiptRefused.
 */
export async function prepareReceipt(input: Uint8Array, limits: ReceiptLimits): Promise<PreparedReceipt> {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.length === 0) throw new ReceiptRefused('empty', 'file is empty.');
  const sniffed = (await fileTypeFromBuffer(bytes))?.mime;
  const accepted = new Set(limits.contentTypes);
  const received = { receivedContentType: sniffed ?? 'unknown', receivedSize: bytes.length };
  if (sniffed === PDF && accepted.has(PDF)) {
    if (bytes.length > limits.maxBytes)
      throw new ReceiptRefused(
        'too_large',
        `file is a PDF of ${bytes.length} bytes; the limit is ${limits.maxBytes} bytes (${megabytes(limits.maxBytes)}) ` +
          'and a PDF cannot be shrunk: send a smaller PDF or an image of the receipt.',
      );
    return { bytes, contentType: PDF, ...received, converted: false, shrunk: false };
  }
  const imageTarget = accepted.has(JPEG) ? JPEG : accepted.has(PNG) ? PNG : undefined;
  const isImage = sniffed === JPEG || sniffed === PNG || (sniffed !== undefined && CONVERTIBLE.has(sniffed));
  if (!isImage || imageTarget === undefined)
    throw new ReceiptRefused(
      'unsupported_type',
      `file is ${sniffed ? `of type ${sniffed}` : 'of no type we recognise'} (read from its bytes, not its name); ` +
        `send a ${[...accepted].join(', ')} or an image such as WebP or TIFF.`,
    );
  // The header alone, without the pixel cap, so an oversized image is named as such rather than as undecodable.
  const metadata = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch(() => undefined);
  if (!metadata?.width || !metadata.height)
    throw new ReceiptRefused('undecodable', `file looks like ${sniffed} but its image cannot be decoded.`);
  if (metadata.width * metadata.height > MAX_PIXELS)
    throw new ReceiptRefused(
      'too_large',
      `file is an image of ${metadata.width} × ${metadata.height} pixels; at most ${MAX_PIXELS} pixels are read.`,
    );
  const kept = accepted.has(sniffed);
  if (kept && bytes.length <= limits.maxBytes) {
    // Kept bytes are never re-encoded, so decode them in full once: a truncated file fails here, not at export.
    const decodes = await sharp(bytes, { limitInputPixels: MAX_PIXELS })
      .stats()
      .then(
        () => true,
        () => false,
      );
    if (!decodes)
      throw new ReceiptRefused('undecodable', `file looks like ${sniffed} but its image cannot be decoded.`);
    return { bytes, contentType: sniffed, ...received, converted: false, shrunk: false };
  }
  const target = kept && sniffed === PNG && !accepted.has(JPEG) ? PNG : imageTarget;
  const result = await fitImage(bytes, target, limits.maxBytes, Math.max(metadata.width, metadata.height));
  // A kept type re-encoded only because it was too large counts as shrunk.
  return { ...result, ...received, converted: result.contentType !== sniffed, shrunk: result.shrunk || kept };
}

async function encode(input: Buffer, target: string, quality: number, maxSide?: number): Promise<Buffer> {
  // rotate() applies the EXIF orientation, as the output keeps no EXIF; the first frame of an animation is the receipt.
  let image = sharp(input, { animated: false, limitInputPixels: MAX_PIXELS }).rotate();
  if (maxSide !== undefined) image = image.resize({ width: maxSide, height: maxSide, fit: 'inside' });
  return target === JPEG
    ? image.flatten({ background: '#ffffff' }).jpeg({ quality }).toBuffer()
    : image.png({ compressionLevel: 9, palette: quality < 80 }).toBuffer();
}

/** Converts to `target`; over the limit, lowers the quality, then the size, until it fits. */
async function fitImage(
  input: Buffer,
  target: string,
  maxBytes: number,
  longestSide: number,
): Promise<{ bytes: Buffer; contentType: string; shrunk: boolean }> {
  let out: Buffer | undefined;
  try {
    for (const [i, quality] of QUALITIES.entries()) {
      out = await encode(input, target, quality);
      if (out.length <= maxBytes) return { bytes: out, contentType: target, shrunk: i > 0 };
    }
    let side = longestSide;
    for (let step = 0; step < MAX_STEPS && out !== undefined && out.length > maxBytes; step++) {
      // Bytes grow about with the pixel count, so the side shrinks by the square root of the excess, a bit more.
      side = Math.floor(side * Math.min(0.9, Math.sqrt(maxBytes / out.length) * 0.95));
      if (side < MIN_SIDE) break;
      out = await encode(input, target, SHRINK_QUALITY, side);
    }
  } catch {
    throw new ReceiptRefused('undecodable', 'file is an image that cannot be decoded.');
  }
  if (out === undefined || out.length > maxBytes)
    throw new ReceiptRefused(
      'too_large',
      `file cannot be shrunk under the limit of ${maxBytes} bytes (${megabytes(maxBytes)}) and stay readable.`,
    );
  return { bytes: out, contentType: target, shrunk: true };
}
