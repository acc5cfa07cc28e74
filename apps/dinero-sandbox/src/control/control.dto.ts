import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Nyt Firma ApS' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiPropertyOptional({
    description: 'Paid (Pro) plan; without it every API call but the organization list is refused.',
    default: true,
  })
  @IsOptional()
  @IsBoolean()
  paid?: boolean;
  @ApiPropertyOptional({ description: 'Dinero organization id; generated when left out.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  id?: number;
  @ApiPropertyOptional({ description: 'Grow the standard chart to this many accounts with the generator.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(40000)
  chartSize?: number;
  @ApiPropertyOptional({ description: 'API key to create for the new organization; generated when left out.' })
  @IsOptional()
  @IsString()
  @MinLength(8)
  apiKey?: string;
}

export class CreateIntegrationDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(3) clientId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(8) clientSecret?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() name?: string;
  @ApiPropertyOptional({ type: [String], description: 'Allowed redirect URIs for Visma Connect; empty allows any.' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  redirectUris?: string[];
}

export class CreateApiKeyDto {
  @ApiPropertyOptional({ description: 'Restrict the key to one integration.' })
  @IsOptional()
  @IsString()
  clientId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(8) key?: string;
}

export class ApproveDto {
  @ApiPropertyOptional({ default: 'revisor@sandbox.dk' }) @IsOptional() @IsString() username?: string;
  @ApiPropertyOptional({ description: 'Voucher number to use; next free one when left out.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  number?: number;
}

export class FaultRuleDto {
  @ApiProperty({ enum: ['latency', 'error', 'timeout', 'commitThenFail', 'brownout'] })
  @IsIn(['latency', 'error', 'timeout', 'commitThenFail', 'brownout'])
  kind!: 'latency' | 'error' | 'timeout' | 'commitThenFail' | 'brownout';
  @ApiPropertyOptional({ description: 'Share of matching requests hit, 0–1.', default: 1 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  share?: number;
  @ApiPropertyOptional({ description: 'latency: milliseconds added.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600000)
  latencyMs?: number;
  @ApiPropertyOptional({ enum: [500, 503], description: 'error: status to answer.' })
  @IsOptional()
  @IsIn([500, 503])
  status?: 500 | 503;
  @ApiPropertyOptional({
    enum: ['error', 'hang'],
    description: 'commitThenFail: 500 after storing, or no answer at all.',
  })
  @IsOptional()
  @IsIn(['error', 'hang'])
  mode?: 'error' | 'hang';
  @ApiPropertyOptional({ description: 'Only requests whose path contains this text.' })
  @IsOptional()
  @IsString()
  pathContains?: string;
  @ApiPropertyOptional({ description: 'Stop after this many hits.' }) @IsOptional() @IsInt() @Min(0) remaining?: number;
}

export class FaultsDto {
  @ApiProperty({ type: [FaultRuleDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => FaultRuleDto)
  rules!: FaultRuleDto[];
}

export class GenerateChartDto {
  @ApiProperty({ example: 5000, description: 'Total number of accounts the chart should hold.' })
  @IsInt()
  @Min(1)
  @Max(40000)
  total!: number;
}

export class EditAccountDto {
  @ApiPropertyOptional({
    example: 'Rejser og transport',
    description: 'Rename the account, as in Regnskab › Kontoplan.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;
  @ApiPropertyOptional({
    example: true,
    description: 'Hide (or show) the account; hidden accounts cannot be booked to.',
  })
  @IsOptional()
  @IsBoolean()
  isHidden?: boolean;
}
