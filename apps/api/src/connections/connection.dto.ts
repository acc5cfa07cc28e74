import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUrl, Length, Matches, ValidateIf } from 'class-validator';
import type { ConnectionEntity } from '@ledgerbridge/persistence';

export class CreateConnectionDto {
  @ApiProperty({ example: 'dinero', description: 'The provider key (see ACCOUNTING_PROVIDERS).' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,31}$/, { message: 'provider must be a provider key such as "dinero"' })
  provider!: string;

  @ApiProperty({
    example: '100001',
    description: "The company's id at the provider (Dinero: the Company ID, firma-id).",
  })
  @IsString()
  @Length(1, 64)
  @Matches(/^[\x21-\x7e]+$/, { message: 'organizationId must be printable ASCII without spaces' })
  organizationId!: string;

  @ApiProperty({
    enum: ['api_key', 'oauth'],
    example: 'api_key',
    description:
      '"api_key": credentials are given now and verified at once. "oauth": the answer holds an authorize URL.',
  })
  @IsIn(['api_key', 'oauth'])
  method!: 'api_key' | 'oauth';

  @ApiPropertyOptional({
    example: { apiKey: '<your Dinero API key>' },
    description:
      "With method api_key: the provider's credential fields (Dinero: apiKey). Stored encrypted, never returned.",
    type: Object,
  })
  @ValidateIf((o: CreateConnectionDto) => o.method === 'api_key')
  @IsObject({ message: 'credentials must be an object of credential fields (with method api_key)' })
  credentials?: Record<string, string>;

  @ApiPropertyOptional({
    example: 'https://expenses.example.com/settings/accounting/dinero/callback',
    description: "With method oauth: where the provider's login sends the user back, with code and state.",
  })
  @ValidateIf((o: CreateConnectionDto) => o.method === 'oauth')
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'redirectUri must be an http(s) URL (with method oauth)' },
  )
  redirectUri?: string;
}

export class AuthorizeConnectionDto {
  @ApiProperty({
    example: 'EXAMPLE-authorization-code',
    format: 'password',
    description: 'The `code` the provider added to the redirect.',
  })
  @IsString()
  @Length(1, 2000)
  code!: string;

  @ApiProperty({
    example: 'EXAMPLE-state',
    description: 'The `state` the provider added to the redirect; must match the one issued.',
  })
  @IsString()
  @Length(1, 200)
  state!: string;
}

export class ListConnectionsQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: every connection the company had, newest first, superseded ones too.',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'history must be true or false' })
  history?: 'true' | 'false';
}

export class ConnectionDto {
  @ApiProperty({ format: 'uuid', example: '5b0c2f4e-9d1a-4c3b-8e7f-6a5d4c3b2a10' })
  id!: string;

  @ApiProperty({ example: 'dinero' })
  provider!: string;

  @ApiProperty({ example: '100001' })
  organizationId!: string;

  @ApiProperty({ example: 'Demo Rejser ApS', nullable: true, type: String })
  organizationName!: string | null;

  @ApiProperty({ example: 'api_key', enum: ['api_key', 'oauth'] })
  method!: string;

  @ApiProperty({
    example: 'connected',
    enum: ['pending_authorization', 'connected', 'disconnected', 'replaced'],
    description: '"replaced": a newer connection of the company took its place (listed only with `history=true`).',
  })
  status!: string;

  @ApiProperty({ example: '2026-11-24T08:00:00.000Z', nullable: true, type: String })
  lastVerifiedAt!: string | null;

  @ApiProperty({ example: '2026-11-24T08:00:05.000Z', nullable: true, type: String })
  lastSyncAt!: string | null;

  @ApiProperty({
    example: 'succeeded',
    nullable: true,
    type: String,
    enum: ['queued', 'running', 'succeeded', 'failed'],
  })
  lastSyncStatus!: string | null;

  @ApiProperty({ example: 'chart.sync:…', nullable: true, type: String })
  lastSyncJobId!: string | null;

  @ApiProperty({
    example: 'healthy',
    enum: ['healthy', 'failing', 'pending', 'disconnected'],
    description: 'From the last verification and sync.',
  })
  health!: string;

  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description: 'The last failure, in words a person can act on.',
  })
  lastError!: string | null;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'When it was disconnected.' })
  disconnectedAt!: string | null;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'When a newer connection superseded it.' })
  replacedAt!: string | null;

  @ApiPropertyOptional({
    example: 'https://connect.visma.com/connect/authorize?…',
    description: 'Only while pending authorization.',
  })
  authorizeUrl?: string;

  static of(c: ConnectionEntity, authorizeUrl?: string): ConnectionDto {
    const health =
      c.status === 'disconnected' || c.status === 'replaced'
        ? 'disconnected'
        : c.status === 'pending_authorization'
          ? 'pending'
          : c.lastError
            ? 'failing'
            : 'healthy';
    return {
      id: c.id,
      provider: c.providerKey,
      organizationId: c.organizationId,
      organizationName: c.organizationName,
      method: c.authMethod,
      status: c.status,
      lastVerifiedAt: c.lastVerifiedAt?.toISOString() ?? null,
      lastSyncAt: c.lastSyncAt?.toISOString() ?? null,
      lastSyncStatus: c.lastSyncStatus,
      lastSyncJobId: c.lastSyncJobId,
      health,
      lastError: c.lastError,
      disconnectedAt: c.disconnectedAt?.toISOString() ?? null,
      replacedAt: c.replacedAt?.toISOString() ?? null,
      ...(authorizeUrl && { authorizeUrl }),
    };
  }
}

export class SyncJobDto {
  @ApiProperty({ example: 'chart.sync:5b0c…:1764000000000' })
  jobId!: string;

  @ApiProperty({ example: 'active', enum: ['waiting', 'delayed', 'active', 'completed', 'failed', 'paused', 'stuck'] })
  state!: string;

  @ApiProperty({ example: 60, description: 'Percent done.' })
  progress!: number;

  @ApiPropertyOptional({ example: { accounts: 5012, taxCodes: 10, deactivated: 0 }, type: Object, nullable: true })
  result!: unknown;

  @ApiPropertyOptional({ example: null, nullable: true, type: String })
  failedReason!: string | null;
}
