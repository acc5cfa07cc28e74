import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class SaveSetupDto {
  @ApiProperty({ example: '55010', description: "The card wallet's deposit (Beholdning) account." })
  @IsString()
  @Length(1, 32)
  depositAccount!: string;

  @ApiPropertyOptional({
    example: '55020',
    nullable: true,
    type: String,
    description: 'Where out-of-pocket expenses are paid from; null when not used.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  outOfPocketAccount?: string | null;

  @ApiPropertyOptional({
    example: '55000',
    nullable: true,
    type: String,
    description: 'Where reimbursements are paid from; needed with out-of-pocket.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  reimbursementAccount?: string | null;

  @ApiPropertyOptional({
    example: '55000',
    nullable: true,
    type: String,
    description: 'Where wallet top-ups come from (a deposit account); null: the reimbursement account.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  fundingAccount?: string | null;
}

export class AccountOptionDto {
  @ApiProperty({ example: '55010' })
  number!: string;

  @ApiProperty({ example: 'Pleo wallet' })
  name!: string;
}

export class SetupOptionsDto {
  @ApiProperty({
    type: [AccountOptionDto],
    description: 'Active deposit (Beholdning) accounts, read live from the provider.',
  })
  depositAccounts!: AccountOptionDto[];

  @ApiProperty({ type: [AccountOptionDto] })
  outOfPocketAccounts!: AccountOptionDto[];

  @ApiProperty({
    type: [AccountOptionDto],
    description: 'Bank and other deposit accounts reimbursements can be paid from.',
  })
  reimbursementAccounts!: AccountOptionDto[];

  @ApiProperty({
    type: [AccountOptionDto],
    description: 'Deposit accounts wallet top-ups can come from (usually the bank account).',
  })
  fundingAccounts!: AccountOptionDto[];
}

export class SetupDto {
  @ApiProperty({ example: '55010', nullable: true, type: String })
  depositAccount!: string | null;

  @ApiProperty({ example: '55020', nullable: true, type: String })
  outOfPocketAccount!: string | null;

  @ApiProperty({ example: '55000', nullable: true, type: String })
  reimbursementAccount!: string | null;

  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description: 'Where wallet top-ups come from; null: they come from the reimbursement account.',
  })
  fundingAccount!: string | null;

  @ApiProperty({ example: true, description: 'Connected, and every needed account chosen and still active.' })
  readyToExport!: boolean;

  @ApiProperty({ example: [], type: [String], description: 'What stops the company from exporting, if anything.' })
  problems!: string[];
}
