import type { DynamicModule } from '@nestjs/common';
import {
  defineProviderPlugin,
  parseProviderKeys,
  ProviderConfigurationError,
  ProviderPlugin,
  selectProviderModules,
} from './provider-plugin';

function plugin(key: string): ProviderPlugin {
  class ProviderModule {}
  Object.defineProperty(ProviderModule, 'name', { value: `${key}Module` });
  const dynamicModule: DynamicModule = { module: ProviderModule };
  return { key, settings: [], module: () => dynamicModule };
}

const dinero = plugin('dinero');
const economic = plugin('economic');
const billy = plugin('billy');
const available = [dinero, economic, billy];

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected the call to throw');
}

describe('selectProviderModules', () => {
  it('returns the requested modules in the requested order', () => {
    const modules = selectProviderModules(['economic', 'dinero'], available);
    expect(modules).toEqual([economic.module({}), dinero.module({})]);
  });

  it('returns nothing for an empty list', () => {
    expect(selectProviderModules([], available)).toEqual([]);
  });

  it('rejects an unknown key, naming it, the variable and the known keys', () => {
    const error = errorOf(() => selectProviderModules(['dinero', 'fortnox'], available));
    expect(error).toBeInstanceOf(ProviderConfigurationError);
    expect(error.message).toBe(
      'ACCOUNTING_PROVIDERS names an unknown provider "fortnox"; known providers: billy, dinero, economic.',
    );
  });

  it('names every unknown key at once', () => {
    const error = errorOf(() => selectProviderModules(['xero', 'fortnox'], [dinero]));
    expect(error.message).toBe(
      'ACCOUNTING_PROVIDERS names unknown providers "xero", "fortnox"; known providers: dinero.',
    );
  });

  it('says when no provider is available at all', () => {
    expect(() => selectProviderModules(['dinero'], [])).toThrow('known providers: none.');
  });

  it('rejects a key listed twice', () => {
    const error = errorOf(() => selectProviderModules(['dinero', 'billy', 'dinero'], available));
    expect(error).toBeInstanceOf(ProviderConfigurationError);
    expect(error.message).toBe('ACCOUNTING_PROVIDERS lists "dinero" more than once; list each provider once.');
  });

  it('rejects two plugins with the same key', () => {
    expect(() => selectProviderModules(['dinero'], [dinero, plugin('dinero')])).toThrow(
      'Two provider plugins are available under the key "dinero".',
    );
  });

  it('calls the module factory only for selected providers', () => {
    const unused = {
      key: 'xero',
      settings: [],
      module: jest.fn<DynamicModule, [Record<string, string | undefined>]>(),
    };
    selectProviderModules(['dinero'], [dinero, unused]);
    expect(unused.module).not.toHaveBeenCalled();
  });
});

describe('parseProviderKeys', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['dinero', ['dinero']],
    [' dinero , economic ,, ', ['dinero', 'economic']],
  ])('parses %p', (value, expected) => {
    expect(parseProviderKeys(value)).toEqual(expected);
  });
});

describe('defineProviderPlugin', () => {
  it("builds each requested module from that provider's own settings", () => {
    const built: unknown[] = [];
    const withSettings = defineProviderPlugin({
      key: 'acme',
      settings: [{ variable: 'ACME_API_URL', description: 'API base', kind: 'url', default: 'https://api.acme.test' }],
      module: (values) => (built.push(values.ACME_API_URL), { module: class AcmeModule {} }),
    });
    selectProviderModules(['acme', 'dinero'], [withSettings, dinero], {
      acme: { ACME_API_URL: 'http://127.0.0.1:1' },
      dinero: {},
    });
    expect(built).toEqual(['http://127.0.0.1:1']);
  });
});
