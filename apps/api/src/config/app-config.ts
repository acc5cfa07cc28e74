import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CredentialKey, newCredentialKeys, parseCredentialKeys } from '../connections/credential-cipher';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { EnvironmentSchema, SECRET_VARIABLES } from './environment.schema';

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
  /** Settings of the Dinero plugin; see docs/providers/dinero.md. */
  readonly dinero: {
    apiUrl: string;
    tokenUrl: string;
    vismaConnectUrl: string;
    clientId: string | undefined;
    clientSecret: string | undefined;
  };
  /** With SEED_DEMO: connect the demo company this way (npm start points it at the sandbox). */
  readonly demoConnection: { provider: string; organizationId: string; credentials: Record<string, string> } | undefined;
  /** 0 turns the scheduled re-sync of charts off. */
  readonly syncIntervalMinutes: number;
  /** How long SIGTERM waits for in-flight jobs and requests before the process exits anyway. */
  readonly shutdownGraceSeconds: number;
  /** How long a worker waits for the api (or `npm run migrate`) to bring the schema up to date. */
  readonly workerSchemaWaitSeconds: number;

  constructor(env: EnvironmentSchema, credentialKeys: readonly CredentialKey[]) {
    this.port = env.PORT ?? 3000;
    this.dataDir = resolve(env.DATA_DIR ?? './data');
    this.databaseUrl = env.DATABASE_URL || undefined;
    this.redisUrl = env.REDIS_URL;
    this.role = env.ROLE ?? 'all';
    this.adminApiKey = env.ADMIN_API_KEY || undefined;
    // Unset means "every provider this build ships"; an explicit empty value mounts none.
    this.accountingProviders =
      env.ACCOUNTING_PROVIDERS === undefined
        ? undefined
        : env.ACCOUNTING_PROVIDERS.split(',').map((k) => k.trim()).filter(Boolean);
    this.logLevel = env.LOG_LEVEL ?? 'info';
    this.seedDemo = env.SEED_DEMO ?? false;
    this.production = env.NODE_ENV === 'production';
    this.credentialKeys = credentialKeys;
    this.dinero = {
      apiUrl: env.DINERO_API_URL ?? 'https://api.dinero.dk',
      tokenUrl: env.DINERO_TOKEN_URL ?? 'https://authz.dinero.dk/dineroapi/oauth/token',
      vismaConnectUrl: env.VISMA_CONNECT_URL ?? 'https://connect.visma.com',
      clientId: env.DINERO_CLIENT_ID,
      clientSecret: env.DINERO_CLIENT_SECRET,
    };
    this.syncIntervalMinutes = env.SYNC_INTERVAL_MINUTES ?? 360;
    this.shutdownGraceSeconds = env.SHUTDOWN_GRACE_SECONDS ?? 25;
    this.workerSchemaWaitSeconds = env.WORKER_SCHEMA_WAIT_SECONDS ?? 120;
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

export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const known = Object.fromEntries(
    Object.keys(new EnvironmentSchemaKeys()).map((k) => [k, env[k] === '' && k !== 'ACCOUNTING_PROVIDERS' ? undefined : env[k]]),
  );
  const parsed = plainToInstance(EnvironmentSchema, known);
  const errors = validateSync(parsed, { whitelist: true, stopAtFirstError: true });
  if (errors.length > 0) throw new ConfigurationError(errors.map((e) => describeProblem(e, known)));
  return new AppConfig(parsed, credentialKeys(parsed));
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
    throw new ConfigurationError(['CREDENTIALS_KEYS is not set: production needs "id:base64key" (32 random bytes; `openssl rand -base64 32`)']);
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
  REDIS_URL = undefined;
  ROLE = undefined;
  ADMIN_API_KEY = undefined;
  ACCOUNTING_PROVIDERS = undefined;
  LOG_LEVEL = undefined;
  SEED_DEMO = undefined;
  NODE_ENV = undefined;
  CREDENTIALS_KEYS = undefined;
  DINERO_API_URL = undefined;
  DINERO_TOKEN_URL = undefined;
  VISMA_CONNECT_URL = undefined;
  DINERO_CLIENT_ID = undefined;
  DINERO_CLIENT_SECRET = undefined;
  SYNC_INTERVAL_MINUTES = undefined;
  SHUTDOWN_GRACE_SECONDS = undefined;
  WORKER_SCHEMA_WAIT_SECONDS = undefined;
  DEMO_CONNECTION = undefined;
  DEMO_CREDENTIALS = undefined;
}
