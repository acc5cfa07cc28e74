import { readFileSync } from 'node:fs';
import type { SandboxSeed } from '../seed/seed.types';

export interface SandboxOptions {
  /** Access token lifetime in milliseconds (Dinero: about an hour). */
  tokenLifetimeMs: number;
  /** How long a rotated one-time refresh token may still be exchanged (Dinero: 5–60 s). */
  refreshGraceMs: number;
  /** Requests allowed per organization and client id in one window. */
  rateLimit: number;
  rateWindowMs: number;
  /** No public source shows Retry-After on Dinero's 429, so it is off unless asked for. */
  retryAfterHeader: boolean;
  /** Time a booked ledger item stays PendingBooking before it reads Booked. */
  ledgerBookingDelayMs: number;
  /** 400 as the OpenAPI document says, or 413 as the developer pages say. */
  largeFileStatus: 400 | 413;
  /** Error code on the 403 for an organization without a paid plan (90 today, 48 or 7 in older sources). */
  noSubscriptionCode: number;
  maxFileBytes: number;
  seed: SandboxSeed | null;
  /** Replaces Date.now (tests move time instead of sleeping). */
  now?: () => number;
  /** Replaces Math.random for fault shares. */
  random?: () => number;
  /** Nest logger on or off; tests keep it quiet. */
  logger: boolean;
}

export const DEFAULT_OPTIONS: SandboxOptions = {
  tokenLifetimeMs: 3600_000,
  refreshGraceMs: 30_000,
  rateLimit: 100,
  rateWindowMs: 60_000,
  retryAfterHeader: false,
  ledgerBookingDelayMs: 3_000,
  largeFileStatus: 400,
  noSubscriptionCode: 90,
  maxFileBytes: 6 * 1024 * 1024,
  seed: null,
  logger: false,
};

export interface SandboxEnvConfig {
  port: number;
  host: string;
  options: SandboxOptions;
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}".`);
  return value;
}

function booleanFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new Error(`${name} must be true or false, got "${raw}".`);
}

// Every setting is environment so `npm run sandbox` needs no flags; names are listed in the README.
export function readSandboxEnv(env: NodeJS.ProcessEnv): SandboxEnvConfig {
  const largeFileStatus = numberFrom(env, 'SANDBOX_LARGE_FILE_STATUS', DEFAULT_OPTIONS.largeFileStatus);
  if (largeFileStatus !== 400 && largeFileStatus !== 413)
    throw new Error('SANDBOX_LARGE_FILE_STATUS must be 400 or 413.');
  const seedPath = env['SANDBOX_SEED'];
  return {
    port: numberFrom(env, 'SANDBOX_PORT', 3100),
    host: env['SANDBOX_HOST'] || '127.0.0.1',
    options: {
      ...DEFAULT_OPTIONS,
      tokenLifetimeMs: numberFrom(env, 'SANDBOX_TOKEN_LIFETIME_SECONDS', 3600) * 1000,
      refreshGraceMs: numberFrom(env, 'SANDBOX_REFRESH_GRACE_SECONDS', 30) * 1000,
      rateLimit: numberFrom(env, 'SANDBOX_RATE_LIMIT', DEFAULT_OPTIONS.rateLimit),
      rateWindowMs: numberFrom(env, 'SANDBOX_RATE_WINDOW_SECONDS', 60) * 1000,
      retryAfterHeader: booleanFrom(env, 'SANDBOX_RETRY_AFTER', false),
      ledgerBookingDelayMs: numberFrom(env, 'SANDBOX_LEDGER_BOOKING_DELAY_MS', DEFAULT_OPTIONS.ledgerBookingDelayMs),
      largeFileStatus,
      noSubscriptionCode: numberFrom(env, 'SANDBOX_NO_SUBSCRIPTION_CODE', DEFAULT_OPTIONS.noSubscriptionCode),
      seed: seedPath ? (JSON.parse(readFileSync(seedPath, 'utf8')) as SandboxSeed) : null,
      logger: booleanFrom(env, 'SANDBOX_LOG', true),
    },
  };
}
