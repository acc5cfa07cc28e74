import { ApiProperty } from '@nestjs/swagger';
import type { TransactionReceiptEntity } from '@ledgerbridge/persistence';

const SHA256_EXAMPLE = '9f2c4e7a1b3d5f60718293a4b5c6d7e8f9012345678901234567890abcdef012';

/** The receipt as the transaction view shows it. */
export class ReceiptSummaryDto {
  @ApiProperty({ example: 'image/jpeg', description: 'What is stored and will be uploaded (sniffed, never trusted).' })
  contentType!: string;

  @ApiProperty({ example: 412_733, description: 'Bytes stored; never above the provider’s limit.' })
  size!: number;

  @ApiProperty({ example: SHA256_EXAMPLE, description: 'SHA-256 of the stored bytes, lower-case hex.' })
  sha256!: string;

  @ApiProperty({ example: 'kvittering-dsb.webp', description: 'The name the client sent, for display only.' })
  fileName!: string;

  static of(r: TransactionReceiptEntity): ReceiptSummaryDto {
    return { contentType: r.contentType, size: r.size, sha256: r.sha256, fileName: r.fileName };
  }
}

/** Everything known of a transaction's receipt: what came in, and what is stored. */
export class ReceiptDto extends ReceiptSummaryDto {
  @ApiProperty({ example: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b' })
  transactionId!: string;

  @ApiProperty({ example: 'image/webp', description: 'The type sniffed from the bytes as uploaded.' })
  receivedContentType!: string;

  @ApiProperty({ example: 1_204_991, description: 'Bytes as uploaded.' })
  receivedSize!: number;

  @ApiProperty({ example: true, description: 'Turned into another type (an image other than JPEG/PNG → JPEG).' })
  converted!: boolean;

  @ApiProperty({ example: false, description: 'Recompressed or downscaled to fit the provider’s size limit.' })
  shrunk!: boolean;

  @ApiProperty({ example: '2026-11-24T08:00:00.000Z' })
  receivedAt!: string;

  static override of(r: TransactionReceiptEntity): ReceiptDto {
    return {
      ...ReceiptSummaryDto.of(r),
      transactionId: r.transactionId,
      receivedContentType: r.receivedContentType,
      receivedSize: r.receivedSize,
      converted: r.converted,
      shrunk: r.shrunk,
      receivedAt: r.receivedAt.toISOString(),
    };
  }
}
