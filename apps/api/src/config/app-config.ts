import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CredentialKey, newCredentialKeys, parseCredentialKeys } from '../connections/credential-cipher';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import type { ProviderPlugin } from '@ledgerbridge/connector-sdk';
import { DEFAULT_POOL_SIZE } from '@ledgerbridge/persistence';
import { DEFAULT_WORKER_CONCURRENCY } from '@ledgerbridge/queue';
import { providerPlugins } from '../providers';
import { EnvironmentSchema, SECRET_VARIABLES } from './environment.schema';
import { CallBudgetOverrides, CallWindowOverrides, parseCallBudgets, parseCallWindows } from './call-budgets';
import { readProviderSettings, type ProviderSettingsByKey } from './provider-settings';

export type Role = 'api' | 'worker' | 'all';

/** Raised at start-up; its message names every variable at fault, and never a secret's value. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** The typed, validated configuration; the only way code reads the environment. */
export class AppConfig {
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string;
  readonly role: Role;
  readonly adminApiKey: string | undefined;
  readonly accountingProviders: string[] | undefined;
  readonly logLevel: string;
  readonly seedDemo: boolean;
  readonly production: boolean;
  readonly credentialKeys: readonly CredentialKey[];
  /** The mounted providers' own settings, declared by each provider lib and validated here; by provider key. */
  readonly providerSettings: ProviderSettingsByKey;
  /** With SEED_DEMO: connect the demo company this way (npm start points it at the sandbox). */
  readonly demoConnection:
    { provider: string; organizationId: string; credentials: Record<string, string> } | undefined;
  /** 0 turns the scheduled re-sync of charts off. */
  readonly syncIntervalMinutes: number;
  /** Wrong API keys one client address may send in a minute before it is answered 429 for a minute. */
  readonly authFailuresPerMinute: number;
  /** `<PROVIDER>_CALL_BUDGET` overrides of the declared request budgets, by provider key and connection kind. */
  readonly callBudgets: CallBudgetOverrides;
  /** `<PROVIDER>_CALL_WINDOW_SECONDS` overrides of the declared budget window, in milliseconds by provider key. */
  readonly callWindows: CallWindowOverrides;
  /** How long SIGTERM waits for in-flight jobs and requests before the process exits anyway. */
  readonly shutdownGraceSeconds: number;
  /** How long a worker waits for the api (or `npm run migrate`) to bring the schema up to date. */
  readonly workerSchemaWaitSeconds: number;
  /** How many jobs one worker process runs at once. */
  readonly workerConcurrency: number;
  /** PostgreSQL connections this process may open: DATABASE_POOL_SIZE, or 10 for ROLE=api and the job slots (10–50) where workers run. */
  readonly databasePoolSize: number;
  /** How often a worker re-enqueues pending exports whose Bull job is gone (a flushed or replaced Redis). */
  readonly exportSweepSeconds: number;
  /** How often a worker reads exported documents at the provider for their booking or deletion. */
  readonly exportStatusSeconds: number;
  /** How long a worker's claim on an export lasts unless extended; a crashed worker's export resumes after it. */
  readonly exportLeaseSeconds: number;

  constructor(
    env: EnvironmentSchema,
    credentialKeys: readonly CredentialKey[],
    providerSettings: ProviderSettingsByKey = {},
    callBudgets: CallBudgetOverrides = {},
    callWindows: CallWindowOverrides = {},
  ) {
    this.port = env.PORT ?? 3000;
    this.dataDir = resolve(env.DATA_DIR ?? './data');
    this.databaseUrl = env.DATABASE_URL || undefined;
    this.redisUrl = env.REDIS_URL;
    this.role = env.ROLE ?? 'all';
    this.adminApiKey = env.ADMIN_API_KEY || undefined;
    this.accountingProviders = parseList(env.ACCOUNTING_PROVIDERS);
    this.logLevel = env.LOG_LEVEL ?? 'info';
    this.seedDemo = env.SEED_DEMO ?? false;
    this.production = env.NODE_ENV === 'production';
    this.credentialKeys = credentialKeys;
    this.providerSettings = providerSettings;
    this.syncIntervalMinutes = env.SYNC_INTERVAL_MINUTES ?? 360;
    this.authFailuresPerMinute = env.AUTH_FAILURES_PER_MINUTE ?? 20;
    this.callBudgets = callBudgets;
    this.callWindows = callWindows;
    this.shutdownGraceSeconds = env.SHUTDOWN_GRACE_SECONDS ?? 25;
    this.workerSchemaWaitSeconds = env.WORKER_SCHEMA_WAIT_SECONDS ?? 120;
    this.workerConcurrency = env.WORKER_CONCURRENCY ?? DEFAULT_WORKER_CONCURRENCY;
    // A worker's jobs each hold a connection for their transactions: 10 (TypeORM's default) left 64 jobs
    // queueing for them (docs/exports-benchmark-history.md, seventh run). SQLite has one connection whatever
    // this says.
    this.databasePoolSize =
      env.DATABASE_POOL_SIZE ??
      (this.role === 'api' ? DEFAULT_POOL_SIZE : Math.min(50, Math.max(DEFAULT_POOL_SIZE, this.workerConcurrency)));
    this.exportSweepSeconds = env.EXPORT_SWEEP_SECONDS ?? 30;
    this.exportStatusSeconds = env.EXPORT_STATUS_SECONDS ?? 60;
    this.exportLeaseSeconds = env.EXPORT_LEASE_SECONDS ?? 60;
    const [provider, organizationId] = env.DEMO_CONNECTION?.split(':') ?? [];
    this.demoConnection =
      provider && organizationId
        ? { provider, organizationId, credentials: JSON.parse(env.DEMO_CREDENTIALS ?? '{}') as Record<string, string> }
        : undefined;
    Object.freeze(this);
  }

  get servesHttp(): boolean {
    return this.role !== 'worker';
  }

  get runsWorkers(): boolean {
    return this.role !== 'api';
  }
}

function describeProblem(error: ValidationError, raw: Record<string, string | undefined>): string {
  const name = error.property;
  const reason = Object.values(error.constraints ?? {})[0] ?? 'is not valid';
  const value = raw[name];
  if (value === undefined) return `${name} is not set: it ${reason}`;
  const shown = SECRET_VARIABLES.has(name) ? '(value hidden)' : `(got ${JSON.stringify(value)})`;
  return `${name} ${reason} ${shown}`;
}

/** `plugins`: the providers this build can mount (providers.ts), whose declared settings are validated too. */
export function loadConfig(env: Record<string, string | undefined>, plugins?: readonly ProviderPlugin[]): AppConfig {
  const known = Object.fromEntries(
    Object.keys(new EnvironmentSchemaKeys()).map((k) => [
      k,
      env[k] === '' && k !== 'ACCOUNTING_PROVIDERS' ? undefined : env[k],
    ]),
  );
  const parsed = plainToInstance(EnvironmentSchema, known);
  const errors = validateSync(parsed, { whitelist: true, stopAtFirstError: true });
  const problems = errors.map((e) => describeProblem(e, known));
  const selection = { accountingProviders: parseList(parsed.ACCOUNTING_PROVIDERS) };
  const available = plugins ?? providerPlugins(selection);
  const mounted = selection.accountingProviders ?? available.map((p) => p.key);
  const providers = readProviderSettings(available, mounted, env);
  // Provider call budgets are named after provider keys, so they are found by pattern rather than listed.
  const budgets = parseCallBudgets(env);
  const windows = parseCallWindows(env);
  problems.push(...providers.problems, ...budgets.problems, ...windows.problems);
  if (problems.length > 0) throw new ConfigurationError(problems);
  return new AppConfig(parsed, credentialKeys(parsed), providers.settings, budgets.overrides, windows.windows);
}

// Unset means "every provider this build ships"; an explicit empty value mounts none.
function parseList(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean);
}

/**
 * CREDENTIALS_KEYS as given; outside production, when unset, a key generated once into DATA_DIR and shared by
 * every process using that folder.
 */
function credentialKeys(env: EnvironmentSchema): CredentialKey[] {
  if (env.CREDENTIALS_KEYS) {
    try {
      return parseCredentialKeys(env.CREDENTIALS_KEYS);
    } catch (err) {
      throw new ConfigurationError([`CREDENTIALS_KEYS ${(err as Error).message} (value hidden)`]);
    }
  }
  if (env.NODE_ENV === 'production') {
    throw new ConfigurationError([
      'CREDENTIALS_KEYS is not set: production needs "id:base64key" (32 random bytes; `openssl rand -base64 32`)',
    ]);
  }
  const dir = resolve(env.DATA_DIR ?? './data');
  const file = join(dir, 'credentials-keys');
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(file, newCredentialKeys('dev1'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return parseCredentialKeys(readFileSync(file, 'utf8').trim());
}

// The variable names, listed once so that loadConfig reads exactly those and ignores the rest of the environment.
class EnvironmentSchemaKeys implements Required<Record<keyof EnvironmentSchema, undefined>> {
  PORT = undefined;
  DATA_DIR = undefined;
  DATABASE_URL = undefined;
  DATABASE_POOL_SIZE = undefined;
  REDIS_URL = undefined;
  ROLE = undefined;
  ADMIN_API_KEY = undefined;
  ACCOUNTING_PROVIDERS = undefined;
  LOG_LEVEL = undefined;
  SEED_DEMO = undefined;
  NODE_ENV = undefined;
  CREDENTIALS_KEYS = undefined;
  SYNC_INTERVAL_MINUTES = undefined;
  AUTH_FAILURES_PER_MINUTE = undefined;
  SHUTDOWN_GRACE_SECONDS = undefined;
  WORKER_SCHEMA_WAIT_SECONDS = undefined;
  WORKER_CONCURRENCY = undefined;
  EXPORT_SWEEP_SECONDS = undefined;
  EXPORT_STATUS_SECONDS = undefined;
  EXPORT_LEASE_SECONDS = undefined;
  DEMO_CONNECTION = undefined;
  DEMO_CREDENTIALS = undefined;
}
