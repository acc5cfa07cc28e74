import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import {
  EXPORT_STATES,
  REIMBURSEMENT_SOURCES,
  TRANSACTION_KINDS,
  TRANSACTION_STATES,
  type ExportEntity,
  type TransactionEntity,
  type TransactionKind,
} from '@ledgerbridge/persistence';
import { ExportDto } from '../exports/export.dto';
import { FieldErrorDto } from '../http/error-response.dto';
import { ReceiptSummaryDto } from '../receipts/receipt.dto';
import { IsCalendarDate } from './calendar-date';
import { storedContent } from './transaction-item';
import { TransactionLineDto } from './transaction.dto';

/** What a transaction shows: `received` until its current version has an export, then that export's state. */
export const SHOWN_STATES = [...TRANSACTION_STATES, ...EXPORT_STATES] as const;
export type ShownState = (typeof SHOWN_STATES)[number];

export class TransactionDto {
  @ApiProperty({ example: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', description: "LedgerBridge's id." })
  id!: string;

  @ApiProperty({ example: 'pf-tx-2026-000123' })
  platformId!: string;

  @ApiProperty({ enum: TRANSACTION_KINDS, example: 'card_expense' })
  kind!: TransactionKind;

  @ApiProperty({
    enum: SHOWN_STATES,
    example: 'received',
    description: '`received` until its current version is exported; then the state of that export.',
  })
  state!: ShownState;

  @ApiProperty({ type: ExportDto, nullable: true, description: 'The export of the current version, if any.' })
  export!: ExportDto | null;

  @ApiProperty({ example: 1, description: 'From 1; a re-export of a changed transaction makes a new version.' })
  version!: number;

  @ApiProperty({ example: '2026-11-24' })
  bookedOn!: string;

  @ApiProperty({ example: 12500, description: 'Minor units of `currency`.' })
  amount!: number;

  @ApiProperty({ example: 'DKK' })
  currency!: string;

  @ApiProperty({ example: null, nullable: true, type: Number, description: 'Minor units of the base currency.' })
  settledAmount!: number | null;

  @ApiProperty({ example: null, nullable: true, type: String })
  exchangeRate!: string | null;

  @ApiProperty({ example: 'DSB', nullable: true, type: String })
  merchant!: string | null;

  @ApiProperty({ example: 'Togbillet København–Aarhus', nullable: true, type: String })
  description!: string | null;

  @ApiProperty({ example: 'emp-42', nullable: true, type: String })
  employeeId!: string | null;

  @ApiProperty({ example: 'Mette Hansen', nullable: true, type: String })
  employeeName!: string | null;

  @ApiProperty({ example: 'travel', nullable: true, type: String })
  categoryKey!: string | null;

  @ApiProperty({ example: null, nullable: true, type: String })
  taxCode!: string | null;

  @ApiProperty({ type: [TransactionLineDto], nullable: true })
  lines!: TransactionLineDto[] | null;

  @ApiProperty({ enum: REIMBURSEMENT_SOURCES, example: null, nullable: true })
  paidFrom!: string | null;

  @ApiProperty({ example: '2026-11-24T08:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({
    type: ReceiptSummaryDto,
    nullable: true,
    description: 'The receipt, once one is attached with PUT …/receipt; null until then.',
  })
  receipt!: ReceiptSummaryDto | null;

  /** The view of a row and its current export; `receipt` is filled in by whoever read the receipts (null: none). */
  static of(t: TransactionEntity, exported?: ExportEntity): TransactionDto {
    return {
      id: t.id,
      platformId: t.platformId,
      state: exported?.state ?? t.state,
      export: exported ? ExportDto.of(exported) : null,
      version: t.version,
      // The content fields exactly as the idempotency hash sees them.
      ...storedContent(t),
      createdAt: t.createdAt.toISOString(),
      receipt: null,
    };
  }
}

export const ITEM_STATUSES = ['created', 'unchanged', 'conflict', 'invalid'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export class TransactionResultDto {
  @ApiProperty({ example: 0, description: 'Position of the item in the batch.' })
  index!: number;

  @ApiProperty({ example: 'pf-tx-2026-000123', nullable: true, type: String })
  platformId!: string | null;

  @ApiProperty({
    enum: ITEM_STATUSES,
    example: 'created',
    description:
      '`created`; `unchanged` (sent before with the same content); `conflict` (sent before with other content: ' +
      '`fields` names what differs, nothing is changed); `invalid` (`fields` names each field at fault).',
  })
  status!: ItemStatus;

  @ApiPropertyOptional({ type: TransactionDto, description: 'The stored transaction (created, unchanged, conflict).' })
  transaction?: TransactionDto;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  fields?: FieldErrorDto[];
}

export class TransactionBatchResultDto {
  @ApiProperty({ example: 2 })
  created!: number;

  @ApiProperty({ example: 1 })
  unchanged!: number;

  @ApiProperty({ example: 0 })
  conflict!: number;

  @ApiProperty({ example: 1 })
  invalid!: number;

  @ApiProperty({ type: [TransactionResultDto] })
  results!: TransactionResultDto[];
}

export class TransactionQueryDto {
  @ApiPropertyOptional({ enum: TRANSACTION_KINDS, example: 'card_expense' })
  @IsOptional()
  @IsIn(TRANSACTION_KINDS)
  kind?: TransactionKind;

  @ApiPropertyOptional({ enum: SHOWN_STATES, example: 'needs_attention' })
  @IsOptional()
  @IsIn(SHOWN_STATES)
  state?: ShownState;

  @ApiPropertyOptional({ example: '2026-11-01', description: 'Booked on or after this date.' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'Booked on or before this date.' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({
    example: 'travel',
    description: "Only transactions of this category key (a split expense's own category, not its lines').",
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  categoryKey?: string;

  @ApiPropertyOptional({ example: '<nextCursor>', description: '`nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50, example: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;
}

export class TransactionPageDto {
  @ApiProperty({ type: [TransactionDto], description: 'Newest booking date first.' })
  items!: TransactionDto[];

  @ApiProperty({
    example: '<nextCursor>',
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}
