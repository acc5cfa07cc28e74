import type { ProviderPlugin, ProviderSetting } from '@ledgerbridge/connector-sdk';
import { isURL } from 'class-validator';

export type ProviderSettingsByKey = Readonly<Record<string, Readonly<Record<string, string | undefined>>>>;

const VARIABLE = /^[A-Z][A-Z0-9_]*$/;

/** The variables every declared setting uses, so loadConfig can tell them from the host's own. */
export function providerVariables(
  plugins: readonly ProviderPlugin[],
): Map<string, { plugin: string; setting: ProviderSetting }> {
  const variables = new Map<string, { plugin: string; setting: ProviderSetting }>();
  for (const plugin of plugins) {
    for (const setting of plugin.settings) {
      const taken = variables.get(setting.variable);
      if (taken && taken.plugin !== plugin.key) {
        throw new Error(
          `Providers "${taken.plugin}" and "${plugin.key}" both declare the setting ${setting.variable}.`,
        );
      }
      if (!VARIABLE.test(setting.variable))
        throw new Error(
          `Provider "${plugin.key}" declares a setting named "${setting.variable}"; use UPPER_SNAKE_CASE.`,
        );
      variables.set(setting.variable, { plugin: plugin.key, setting });
    }
  }
  return variables;
}

/**
 * Validates the settings of the mounted providers only (an unmounted provider needs none of its own), applying
 * defaults. Returns the values by provider key, or the problems, each naming its variable and never a secret's value.
 */
export function readProviderSettings(
  plugins: readonly ProviderPlugin[],
  mounted: readonly string[],
  env: Record<string, string | undefined>,
): { settings: ProviderSettingsByKey; problems: string[] } {
  const settings: Record<string, Record<string, string | undefined>> = {};
  const problems: string[] = [];
  for (const plugin of plugins.filter((p) => mounted.includes(p.key))) {
    const values: Record<string, string | undefined> = {};
    for (const setting of plugin.settings) {
      const given = env[setting.variable]?.trim() || undefined;
      const problem = settingProblem(plugin.key, setting, given);
      if (problem) problems.push(problem);
      values[setting.variable] = given ?? setting.default;
    }
    settings[plugin.key] = Object.freeze(values);
  }
  return { settings: Object.freeze(settings), problems };
}

function settingProblem(provider: string, setting: ProviderSetting, given: string | undefined): string | undefined {
  if (given === undefined) {
    return setting.default === undefined && !setting.optional
      ? `${setting.variable} is not set: the ${provider} provider needs it (${setting.description})`
      : undefined;
  }
  if (
    setting.kind === 'url' &&
    !isURL(given, { require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  ) {
    return `${setting.variable} must be an http(s) URL ${shown(setting, given)}`;
  }
  if (setting.kind === 'integer' && !wholeNumberWithin(given, setting.min, setting.max)) {
    const range = [
      setting.min !== undefined && `from ${setting.min}`,
      setting.max !== undefined && `to ${setting.max}`,
      setting.unit,
    ].filter(Boolean);
    return `${setting.variable} must be a whole number${range.length > 0 ? ` ${range.join(' ')}` : ''} ${shown(setting, given)}`;
  }
  return undefined;
}

const shown = (setting: ProviderSetting, given: string) =>
  setting.secret ? '(value hidden)' : `(got ${JSON.stringify(given)})`;

// Digits only: "1.5", "1e2", "0x10" and "-1" are refused rather than read as something the operator did not write.
function wholeNumberWithin(given: string, min = 0, max = Number.MAX_SAFE_INTEGER): boolean {
  if (!/^\d{1,15}$/.test(given)) return false;
  const value = Number(given);
  return value >= min && value <= max;
}
