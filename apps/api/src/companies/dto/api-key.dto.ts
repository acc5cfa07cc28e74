import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { ApiKeyEntity } from '@ledgerbridge/persistence';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'expense platform production', maxLength: 100, description: 'A label to tell keys apart.' })
  @IsString()
  @Length(1, 100)
  name!: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid', example: '9b2e7c1a-4d3f-4e5a-8b6c-7d8e9f0a1b2c' })
  id!: string;

  @ApiProperty({ example: 'expense platform production' })
  name!: string;

  @ApiProperty({
    example: 'lb_EXAMPLE',
    description: 'The first characters of the key; the rest is never shown again.',
  })
  prefix!: string;

  @ApiProperty({ example: '2026-11-24T08:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description: 'Recorded by a background job, to the minute.',
  })
  lastUsedAt!: string | null;

  @ApiProperty({ example: null, nullable: true, type: String })
  revokedAt!: string | null;

  static of(k: ApiKeyEntity): ApiKeyDto {
    return {
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
    };
  }
}

export class IssuedApiKeyDto extends ApiKeyDto {
  @ApiPropertyOptional({
    example: 'lb_EXAMPLE-key-shown-once-store-it-now',
    format: 'password',
    description: 'The key itself. Shown only in this answer: store it now.',
  })
  key!: string;
}
