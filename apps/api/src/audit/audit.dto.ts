import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, Length } from 'class-validator';
import type { AuditEntryEntity } from '@ledgerbridge/persistence';
import { PageMetaDto, PageQueryDto } from '../http/pagination.dto';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'company.updated', description: 'Only entries of this action.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  action?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'Entries at or after this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be an ISO 8601 date-time' })
  from?: Date;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'Entries before this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be an ISO 8601 date-time' })
  to?: Date;
}

export class AuditEntryDto {
  @ApiProperty({ example: 3, description: "Position in the company's chain, from 1." })
  seq!: number;

  @ApiProperty({ example: '2026-11-24T08:00:00.000Z' })
  at!: string;

  @ApiProperty({
    example: 'key:9b2e7c1a-4d3f-4e5a-8b6c-7d8e9f0a1b2c',
    description: 'The API key that acted, or "system".',
  })
  actor!: string;

  @ApiProperty({ example: 'company.updated' })
  action!: string;

  @ApiProperty({ example: 'company' })
  subjectType!: string;

  @ApiProperty({ example: '3f2c1d5e-8a4b-4c6d-9e0f-1a2b3c4d5e6f', nullable: true, type: String })
  subjectId!: string | null;

  @ApiPropertyOptional({
    example: { name: 'Nordlys ApS' },
    description: 'Secrets are redacted.',
    type: Object,
    nullable: true,
  })
  before!: unknown;

  @ApiPropertyOptional({ example: { name: 'Nordlys Holding ApS' }, type: Object, nullable: true })
  after!: unknown;

  @ApiProperty({ example: '5d41402abc4b2a76b9719d911017c592ae2f1d5e5b0c4a3f7c9f0e7a1b2c3d4e' })
  hash!: string;

  static of(e: AuditEntryEntity): AuditEntryDto {
    return {
      seq: e.seq,
      at: e.createdAt.toISOString(),
      actor: e.actor,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      before: e.before === null ? null : JSON.parse(e.before),
      after: e.after === null ? null : JSON.parse(e.after),
      hash: e.hash,
    };
  }
}

export class AuditPageDto extends PageMetaDto {
  @ApiProperty({ type: [AuditEntryDto] })
  items!: AuditEntryDto[];
}

class BrokenAtDto {
  @ApiProperty({ example: 3 })
  seq!: number;

  @ApiProperty({ example: 'its content does not match its hash (altered)' })
  reason!: string;
}

export class AuditVerdictDto {
  @ApiProperty({ example: true })
  valid!: boolean;

  @ApiProperty({ example: 42 })
  entriesChecked!: number;

  @ApiPropertyOptional({ type: BrokenAtDto, description: 'The first entry that does not hold.' })
  brokenAt?: BrokenAtDto;
}
