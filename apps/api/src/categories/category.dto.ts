import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import type { CategoryEntity } from '@ledgerbridge/persistence';

export class CreateCategoryDto {
  @ApiProperty({ example: 'travel', description: "The expense platform's own id for the category." })
  @IsString()
  @Length(1, 64)
  @Matches(/^[\x21-\x7e]+$/, { message: 'key must be printable ASCII without spaces' })
  key!: string;

  @ApiProperty({ example: 'Rejser og transport', description: 'The name employees see when they tag a purchase.' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ example: '2750', description: 'The expense account in the provider chart (see the options route).' })
  @IsString()
  @Length(1, 32)
  accountNumber!: string;

  @ApiPropertyOptional({
    example: 'I25',
    nullable: true,
    type: String,
    description: "Default VAT code; null uses the account's default.",
  })
  @IsOptional()
  @IsString()
  @Length(1, 16)
  taxCode?: string | null;
}

export class UpdateCategoryDto extends PartialType(OmitType(CreateCategoryDto, ['key'] as const)) {}

export class CategoryDto {
  @ApiProperty({ example: 'travel' })
  key!: string;

  @ApiProperty({ example: 'Rejser og transport' })
  name!: string;

  @ApiProperty({ example: '2750' })
  accountNumber!: string;

  @ApiProperty({
    example: 'Rejseudgifter',
    nullable: true,
    type: String,
    description: "The account's name at the provider, as last synced.",
  })
  accountName!: string | null;

  @ApiProperty({ example: 'I25', nullable: true, type: String })
  taxCode!: string | null;

  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description:
      'Why exports of this category would need attention (e.g. its account turned inactive); null when fine.',
  })
  attention!: string | null;

  static of(
    c: CategoryEntity,
    account: { name: string; active: boolean; expenseAllowed: boolean } | undefined,
  ): CategoryDto {
    const attention = !account
      ? `Account ${c.accountNumber} is no longer in the provider's chart.`
      : !account.active
        ? `Account ${c.accountNumber} "${account.name}" is inactive at the provider.`
        : !account.expenseAllowed
          ? `Account ${c.accountNumber} "${account.name}" is no longer accepted on expense lines by the provider.`
          : null;
    return {
      key: c.key,
      name: c.name,
      accountNumber: c.accountNumber,
      accountName: account?.name ?? null,
      taxCode: c.taxCode,
      attention,
    };
  }
}

export class CategoryAccountOptionDto {
  @ApiProperty({ example: '2750' })
  number!: string;

  @ApiProperty({ example: 'Rejseudgifter' })
  name!: string;

  @ApiProperty({
    example: 'Salgs- og rejseomkostninger',
    nullable: true,
    type: String,
    description: "The provider's group name, for display only.",
  })
  category!: string | null;

  @ApiProperty({
    example: 'I25',
    nullable: true,
    type: String,
    description:
      "The account's default VAT code when it is a purchase or no-VAT code; null when the account has none or defaults to a sales code.",
  })
  defaultTaxCode!: string | null;
}

export class TaxCodeOptionDto {
  @ApiProperty({ example: 'I25' })
  code!: string;

  @ApiProperty({ example: 'Købsmoms 25%' })
  name!: string;

  @ApiProperty({ example: 2500, description: 'The rate in basis points: 2500 is 25 %.' })
  rateBasisPoints!: number;

  @ApiProperty({
    example: 'purchase',
    enum: ['purchase', 'none'],
    description: 'Sales VAT codes are never offered for expenses.',
  })
  direction!: string;
}

export class CategoryOptionsDto {
  @ApiProperty({
    type: [CategoryAccountOptionDto],
    description: 'Active accounts the provider accepts on expense lines, from the last sync.',
  })
  accounts!: CategoryAccountOptionDto[];

  @ApiProperty({ type: [TaxCodeOptionDto], description: 'Active purchase and no-VAT codes, from the last sync.' })
  taxCodes!: TaxCodeOptionDto[];
}
