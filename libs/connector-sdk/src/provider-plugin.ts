import type { DynamicModule } from '@nestjs/common';

/** The environment variable that lists the provider keys to mount. */
export const PROVIDERS_VARIABLE = 'ACCOUNTING_PROVIDERS';

/** What each provider lib exports: its key and the Nest module that registers its connector. */
export interface ProviderPlugin {
  readonly key: string;
  readonly module: () => DynamicModule;
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
 * Picks the modules of the requested providers, in the requested order.
 * Any unknown or repeated key stops start-up, since silently skipping one would leave its companies unserved.
 */
export function selectProviderModules(
  requestedKeys: readonly string[],
  available: readonly ProviderPlugin[],
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
  return requestedKeys.map((key) => (byKey.get(key) as ProviderPlugin).module());
}
