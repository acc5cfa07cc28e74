import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  REIMBURSEMENT_SOURCES,
  TRANSACTION_KINDS,
  type ReimbursementSource,
  type TransactionKind,
} from '@ledgerbridge/persistence';

export const MAX_BATCH = 500;
export const MAX_LINES = 100;
const PRINTABLE = /^[\x21-\x7e]+$/;
const SAFE = { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };

/** One split line: its own category, optional VAT code and amount; the lines add up to the expense's amount. */
export class TransactionLineDto {
  @ApiProperty({ example: 'restaurant', description: "A key of the company's categories." })
  @IsString()
  @Length(1, 64)
  categoryKey!: string;

  @ApiPropertyOptional({
    example: 'I25R',
    nullable: true,
    type: String,
    description: "VAT code of this line; absent or null uses the line category's.",
  })
  @IsOptional()
  @IsString()
  @Length(1, 16)
  taxCode?: string | null;

  @ApiProperty({ example: 80000, description: 'Gross, an integer in minor units of the expense currency (øre).' })
  @IsInt()
  @Min(SAFE.min)
  @Max(SAFE.max)
  amount!: number;
}

/**
 * One transaction of a batch. Which fields a kind takes: expenses (card_expense, out_of_pocket_expense) merchant,
 * description, employee, categoryKey, taxCode, lines, and settledAmount + exchangeRate when foreign; reimbursement
 * employee, description and paidFrom; wallet_top_up description only. A field the kind does not take is refused.
 */
export class TransactionItemDto {
  @ApiProperty({ example: 'pf-tx-2026-000123', description: "The expense platform's own id for the transaction." })
  @IsString()
  @Length(1, 128)
  @Matches(PRINTABLE, { message: 'platformId must be printable ASCII without spaces' })
  platformId!: string;

  @ApiProperty({ enum: TRANSACTION_KINDS, example: 'card_expense' })
  @IsIn(TRANSACTION_KINDS)
  kind!: TransactionKind;

  @ApiProperty({ example: '2026-11-24', description: 'Booking date, YYYY-MM-DD.' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'bookedOn must be a date, YYYY-MM-DD' })
  bookedOn!: string;

  @ApiProperty({
    example: 12500,
    description:
      'Gross, an integer in minor units of `currency` (12500 = 125.00 DKK). Negative for a refund of an expense; ' +
      'positive for a reimbursement or top-up.',
  })
  @IsInt()
  @Min(SAFE.min)
  @Max(SAFE.max)
  amount!: number;

  @ApiProperty({ example: 'DKK', description: 'ISO 4217 code of the amount.' })
  @IsISO4217CurrencyCode()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code in capitals, such as DKK' })
  currency!: string;

  @ApiPropertyOptional({
    example: 93256,
    description: "Foreign-currency expense: the amount settled, in minor units of the company's base currency.",
  })
  @IsOptional()
  @IsInt()
  @Min(SAFE.min)
  @Max(SAFE.max)
  settledAmount?: number;

  @ApiPropertyOptional({
    example: '7.4605',
    description: 'Foreign-currency expense: base-currency units per unit of `currency`, as decimal text.',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,9}(\.\d{1,12})?$/, {
    message: 'exchangeRate must be a positive decimal number as text, e.g. "7.4605"',
  })
  exchangeRate?: string;

  @ApiPropertyOptional({ example: 'DSB', description: 'Expense: where the money was spent.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  merchant?: string;

  @ApiPropertyOptional({ example: 'Togbillet København–Aarhus', description: 'What it was for.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  description?: string;

  @ApiPropertyOptional({ example: 'emp-42', description: "Expense or reimbursement: the platform's employee id." })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  employeeId?: string;

  @ApiPropertyOptional({ example: 'Mette Hansen', description: "Expense or reimbursement: the employee's name." })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  employeeName?: string;

  @ApiPropertyOptional({ example: 'travel', description: "Expense: a key of the company's categories." })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  categoryKey?: string;

  @ApiPropertyOptional({ example: 'I25', description: "Expense: VAT code overriding the category's." })
  @IsOptional()
  @IsString()
  @Length(1, 16)
  taxCode?: string;

  @ApiPropertyOptional({
    type: [TransactionLineDto],
    description: 'Expense: split lines, adding up to `amount` to the øre.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LINES)
  @ValidateNested({ each: true })
  @Type(() => TransactionLineDto)
  lines?: TransactionLineDto[];

  @ApiPropertyOptional({
    enum: REIMBURSEMENT_SOURCES,
    example: 'bank_transfer',
    description: 'Reimbursement: paid out of the card wallet, or outside the platform (bank transfer, payroll).',
  })
  @IsOptional()
  @IsIn(REIMBURSEMENT_SOURCES)
  paidFrom?: ReimbursementSource;
}

/** The envelope: only its shape can refuse the whole request; each item is judged on its own. */
export class TransactionBatchDto {
  @ApiProperty({
    type: [TransactionItemDto],
    description: `1–${MAX_BATCH} transactions; each answers on its own (one bad item never rejects the others).`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH)
  items!: unknown[];
}
