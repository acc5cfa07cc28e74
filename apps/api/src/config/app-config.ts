import { resolve } from 'node:path';
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

  constructor(env: EnvironmentSchema) {
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
  return new AppConfig(parsed);
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
}
