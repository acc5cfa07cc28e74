import type { DynamicModule } from '@nestjs/common';

/** The environment variable that lists the provider keys to mount. */
export const PROVIDERS_VARIABLE = 'ACCOUNTING_PROVIDERS';

/**
 * One setting a provider needs from the host's environment (its URLs, client id and secret). The host validates
 * every mounted provider's settings at start-up, generically, and passes the values to `module`.
 */
export interface ProviderSetting {
  /** The environment variable, upper snake case and starting with the provider's name, e.g. `DINERO_API_URL`. */
  readonly variable: string;
  /** One line for the operator: what it is and where to get it. */
  readonly description: string;
  /** `url`: an http(s) URL; `text`: any non-empty text; `integer`: a whole number from `min` to `max`. */
  readonly kind: 'url' | 'text' | 'integer';
  /** `integer` only: the smallest and largest values allowed, both included. */
  readonly min?: number;
  readonly max?: number;
  /** `integer` only: what the number counts, for messages ("seconds"). */
  readonly unit?: string;
  /** Used when unset. A setting with neither a default nor `optional` must be set whenever the provider is mounted. */
  readonly default?: string;
  readonly optional?: boolean;
  /** Never shown in an error or a log line. */
  readonly secret?: boolean;
}

/** The validated values by variable: a string for required or defaulted settings, maybe undefined for optional ones. */
export type ProviderSettingValues<S extends readonly ProviderSetting[] = readonly ProviderSetting[]> = {
  readonly [K in S[number] as K['variable']]: K extends { default: string }
    ? string
    : K extends { optional: true }
      ? string | undefined
      : string;
};

/** What each provider lib exports: its key, the settings it needs, and the Nest module that registers its connector. */
export interface ProviderPlugin {
  readonly key: string;
  readonly settings: readonly ProviderSetting[];
  readonly module: (settings: Readonly<Record<string, string | undefined>>) => DynamicModule;
}

/** Builds a plugin whose `module` sees its own settings typed; the host hands it the validated values. */
export function defineProviderPlugin<const S extends readonly ProviderSetting[]>(plugin: {
  key: string;
  settings: S;
  module: (settings: ProviderSettingValues<S>) => DynamicModule;
}): ProviderPlugin {
  return {
    key: plugin.key,
    settings: plugin.settings,
    module: (values) => plugin.module(values as ProviderSettingValues<S>),
  };
}

/** Thrown at start-up when the configured provider list cannot be mounted. */
export class ProviderConfigurationError extends Error {
  override readonly name = 'ProviderConfigurationError';
}

/** Splits an `ACCOUNTING_PROVIDERS` value ("dinero, economic") into keys; blank entries are dropped. */
export function parseProviderKeys(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
}

/**
 * Picks the modules of the requested providers, in the requested order, each built from its validated `settings`.
 * Any unknown or repeated key stops start-up, since silently skipping one would leave its companies unserved.
 */
export function selectProviderModules(
  requestedKeys: readonly string[],
  available: readonly ProviderPlugin[],
  settings: Readonly<Record<string, Readonly<Record<string, string | undefined>>>> = {},
): DynamicModule[] {
  const byKey = new Map<string, ProviderPlugin>();
  for (const plugin of available) {
    if (byKey.has(plugin.key)) {
      throw new ProviderConfigurationError(`Two provider plugins are available under the key "${plugin.key}".`);
    }
    byKey.set(plugin.key, plugin);
  }
  const known = [...byKey.keys()].sort();
  const knownText = known.length > 0 ? known.join(', ') : 'none';

  const repeated = requestedKeys.filter((key, index) => requestedKeys.indexOf(key) !== index);
  if (repeated.length > 0) {
    const keys = [...new Set(repeated)].map((key) => `"${key}"`).join(', ');
    throw new ProviderConfigurationError(
      `${PROVIDERS_VARIABLE} lists ${keys} more than once; list each provider once.`,
    );
  }
  const unknown = requestedKeys.filter((key) => !byKey.has(key));
  if (unknown.length > 0) {
    const keys = unknown.map((key) => `"${key}"`).join(', ');
    const noun = unknown.length === 1 ? 'an unknown provider' : 'unknown providers';
    throw new ProviderConfigurationError(`${PROVIDERS_VARIABLE} names ${noun} ${keys}; known providers: ${knownText}.`);
  }
  return requestedKeys.map((key) => (byKey.get(key) as ProviderPlugin).module(settings[key] ?? {}));
}
