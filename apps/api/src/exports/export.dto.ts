import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { EXPORT_STATES, type ExportEntity, type ExportState } from '@ledgerbridge/persistence';
import type { BatchView } from '@ledgerbridge/exports';

export class ExportRequestDto {
  @ApiPropertyOptional({
    type: [String],
    example: ['0b9c7c1e-3c1f-4a3e-9a51-2f1a6c3d9e10'],
    description: 'LedgerBridge ids of the transactions to export (1–1,000); or send `all` instead.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true, message: 'each of transactionIds must be a UUID' })
  transactionIds?: string[];

  @ApiPropertyOptional({
    enum: ['ready'],
    example: 'ready',
    description: 'Every transaction whose current version has no export yet; or send `transactionIds` instead.',
  })
  @IsOptional()
  @IsIn(['ready'])
  all?: 'ready';
}

export class ResolveDto {
  @ApiPropertyOptional({
    example: '4f6b1f7e-2c0a-4b8e-9d3a-1e2f3a4b5c6d',
    description: "The provider's id of the object found by hand (Dinero: the voucher `Guid` or ledger item `Id`).",
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  providerId?: string;

  @ApiPropertyOptional({ enum: [true], example: true, description: 'Not in the provider: send it again.' })
  @IsOptional()
  @IsIn([true], { message: 'notThere must be true' })
  notThere?: true;
}

export class ExportErrorDto {
  @ApiProperty({ example: 'category_without_account' })
  code!: string;

  @ApiProperty({ example: 'Category "travel" has no account.' })
  message!: string;
}

export class ExportDto {
  @ApiProperty({ example: '3f2a1c4e-9b7d-5e21-8a34-6c0d2e9f1b75', description: 'Also the provider dedupe handle.' })
  id!: string;

  @ApiProperty({ enum: EXPORT_STATES, example: 'queued' })
  state!: ExportState;

  @ApiProperty({ example: 1 })
  transactionVersion!: number;

  @ApiProperty({ example: 'dinero' })
  provider!: string;

  @ApiProperty({ example: 1, description: 'How many times a worker took it.' })
  attempts!: number;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'Voucher `Guid` or ledger item `Id`.' })
  providerId!: string | null;

  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description: 'The number the provider gave the document on booking (Dinero: `VoucherNumber`); null until `booked`.',
  })
  voucherNumber!: string | null;

  @ApiProperty({ type: ExportErrorDto, nullable: true })
  lastError!: ExportErrorDto | null;

  @ApiProperty({ example: '9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', nullable: true, type: String })
  batchId!: string | null;

  @ApiProperty({ example: '2026-11-24T08:00:00.000Z' })
  updatedAt!: string;

  static of(e: ExportEntity): ExportDto {
    return {
      id: e.id,
      state: e.state,
      transactionVersion: e.transactionVersion,
      provider: e.providerKey,
      attempts: e.attempts,
      providerId: e.providerId,
      voucherNumber: e.providerVoucherNumber,
      lastError: e.lastErrorCode === null ? null : { code: e.lastErrorCode, message: e.lastErrorMessage ?? '' },
      batchId: e.batchId,
      updatedAt: e.updatedAt.toISOString(),
    };
  }
}

const zeroCounts = Object.fromEntries(EXPORT_STATES.map((s) => [s, 0]));

export class ExportBatchDto implements BatchView {
  @ApiProperty({ example: '9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d' })
  id!: string;

  @ApiProperty({ example: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b' })
  companyId!: string;

  @ApiProperty({ example: '2026-11-24T08:00:00.000Z' })
  requestedAt!: string;

  @ApiProperty({ example: 3, description: 'Transactions named (or found ready).' })
  requested!: number;

  @ApiProperty({ example: 2, description: 'Got a new export in this batch.' })
  queued!: number;

  @ApiProperty({ example: 1, description: 'Already had an export of their current version: not exported twice.' })
  skipped!: number;

  @ApiProperty({ example: 2, description: "The batch's exports." })
  total!: number;

  @ApiProperty({ example: 1, description: 'Exports no longer waiting for a worker.' })
  settled!: number;

  @ApiProperty({ example: 50, description: 'settled / total, 0–100.' })
  progress!: number;

  @ApiProperty({ example: { ...zeroCounts, queued: 1, exported: 1 }, description: 'Exports of the batch by state.' })
  counts!: Record<ExportState, number>;
}
