import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsISO4217CurrencyCode, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { CompanyEntity } from '@ledgerbridge/persistence';

export class CreateCompanyDto {
  @ApiProperty({ example: 'Nordlys ApS', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({
    example: 'cust_4711',
    description:
      "The expense platform's own id for this customer. Creating a company with an id already used answers 409.",
    maxLength: 128,
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  @Matches(/^[\x21-\x7e]+$/, { message: 'externalId must be printable ASCII without spaces' })
  externalId?: string;

  @ApiPropertyOptional({ example: 'DKK', default: 'DKK', description: 'ISO 4217 currency of the books.' })
  @IsOptional()
  @IsISO4217CurrencyCode()
  baseCurrency?: string;
}

export class UpdateCompanyDto extends PartialType(CreateCompanyDto) {}

export class CompanyDto {
  @ApiProperty({ example: '3f2c1d5e-8a4b-4c6d-9e0f-1a2b3c4d5e6f', format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Nordlys ApS' })
  name!: string;

  @ApiProperty({ example: 'cust_4711', nullable: true, type: String })
  externalId!: string | null;

  @ApiProperty({ example: 'DKK' })
  baseCurrency!: string;

  @ApiProperty({ example: '2026-11-24T08:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ example: '2026-11-24T08:00:00.000Z' })
  updatedAt!: string;

  static of(c: CompanyEntity): CompanyDto {
    return {
      id: c.id,
      name: c.name,
      externalId: c.externalId,
      baseCurrency: c.baseCurrency,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  }
}
