import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsJSON, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/** Variables whose values never appear in an error message or a log line. */
export const SECRET_VARIABLES = new Set([
  'ADMIN_API_KEY',
  'DATABASE_URL',
  'REDIS_URL',
  'CREDENTIALS_KEYS',
  'DEMO_CREDENTIALS',
]);

function toBool({ value }: { value: unknown }): unknown {
  const text = String(value ?? '').toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  return value; // left as it is, so IsBoolean reports it
}

/** The process environment as the host reads it; see README "Configuration" for each variable. */
export class EnvironmentSchema {
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be a port number from 1 to 65535' })
  @Max(65535, { message: 'must be a port number from 1 to 65535' })
  PORT?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'must be a postgres:// URL (leave it unset for the embedded SQLite file)',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'must be a whole number of connections from 1 to 200' })
  @Min(1, { message: 'must be a whole number of connections from 1 to 200' })
  @Max(200, { message: 'must be a whole number of connections from 1 to 200' })
  DATABASE_POOL_SIZE?: number;

  @Matches(/^rediss?:\/\/\S+$/, {
    message: 'must be a redis:// URL (npm start and npm test start a private Redis when it is unset)',
  })
  REDIS_URL!: string;

  @IsOptional()
  @IsIn(['api', 'worker', 'all'], { message: 'must be one of api, worker, all' })
  ROLE?: 'api' | 'worker' | 'all';

  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'must be at least 24 characters long' })
  @Matches(/^[\x21-\x7e]+$/, { message: 'must be printable ASCII without spaces' })
  ADMIN_API_KEY?: string;

  @IsOptional()
  @Matches(/^\s*$|^\s*[a-z][a-z0-9-]*(\s*,\s*[a-z][a-z0-9-]*)*\s*$/, {
    message: 'must be a comma-separated list of provider keys (the keys providers.ts lists)',
  })
  ACCOUNTING_PROVIDERS?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  SEED_DEMO?: boolean;

  @IsOptional()
  @IsIn(['development', 'test', 'production'], { message: 'must be one of development, test, production' })
  NODE_ENV?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  CREDENTIALS_KEYS?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'must be a whole number of minutes' })
  @Min(0, { message: 'must be 0 (off) or more minutes' })
  SYNC_INTERVAL_MINUTES?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'must be a whole number of failed attempts' })
  @Min(1, { message: 'must be 1 or more failed attempts' })
  AUTH_FAILURES_PER_MINUTE?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1, { message: 'must be from 1 to 3600 seconds' })
  @Max(3600, { message: 'must be from 1 to 3600 seconds' })
  SHUTDOWN_GRACE_SECONDS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'must be from 1 to 3600 seconds' })
  @Min(1, { message: 'must be from 1 to 3600 seconds' })
  @Max(3600, { message: 'must be from 1 to 3600 seconds' })
  EXPORT_SWEEP_SECONDS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'must be from 1 to 3600 seconds' })
  @Min(1, { message: 'must be from 1 to 3600 seconds' })
  @Max(3600, { message: 'must be from 1 to 3600 seconds' })
  EXPORT_STATUS_SECONDS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'must be from 5 to 3600 seconds' })
  @Min(5, { message: 'must be from 5 to 3600 seconds' })
  @Max(3600, { message: 'must be from 5 to 3600 seconds' })
  EXPORT_LEASE_SECONDS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(0, { message: 'must be 0 (refuse at once) or more seconds' })
  WORKER_SCHEMA_WAIT_SECONDS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'must be a whole number of jobs from 1 to 256' })
  @Min(1, { message: 'must be a whole number of jobs from 1 to 256' })
  @Max(256, { message: 'must be a whole number of jobs from 1 to 256' })
  WORKER_CONCURRENCY?: number;

  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,31}:[\x21-\x7e]{1,64}$/, {
    message: 'must be "provider:organizationId", e.g. acme:100001',
  })
  DEMO_CONNECTION?: string;

  @IsOptional()
  @IsJSON({ message: 'must be a JSON object of credential fields' })
  DEMO_CREDENTIALS?: string;
}
