import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import * as ts from 'typescript';
import { PROVIDERS_FILE, providerGenerator, TSCONFIG_BASE } from './provider.generator';

// The two workspace files the generator edits, in the shape the real ones have (one-line and multi-line aliases;
// a plugin built from the config), so the spec never depends on what else the real workspace holds.
const TSCONFIG_FIXTURE = `{
  "compileOnSave": false,
  "compilerOptions": {
    "rootDir": ".",
    "baseUrl": ".",
    "paths": {
      "@ledgerbridge/provider-dinero": ["libs/providers/dinero/src/index.ts"],
      "@ledgerbridge/connector-sdk": [
        "libs/connector-sdk/src/index.ts"
      ]
    }
  },
  "exclude": ["node_modules", "tmp", "dist"]
}
`;

// Today's apps/api/src/providers.ts; the spec over the real file below catches a drift.
const PROVIDERS_FIXTURE = `import type { ProviderPlugin } from '@ledgerbridge/connector-sdk';
import { dineroPlugin } from '@ledgerbridge/provider-dinero';

/**
 * The ONLY file that imports provider libs (lint enforces it). A provider is mounted by adding its plugin here; each
 * plugin declares its own settings, which the host's config validates, and ACCOUNTING_PROVIDERS picks which of these
 * a process runs.
 */
export function providerPlugins(_config: { accountingProviders?: string[] }): ProviderPlugin[] {
  return [
    dineroPlugin(),
  ];
}
`;

const expectedFiles = [
  'project.json',
  'tsconfig.json',
  'jest.config.ts',
  'README.md',
  'src/index.ts',
  'src/economic.module.ts',
  'src/economic.connector.ts',
  'src/economic.connector.spec.ts',
  'src/economic.credentials.ts',
  'src/economic.options.ts',
  'src/client/economic-client.ts',
  'src/client/economic-errors.ts',
  'src/client/economic-errors.spec.ts',
];

function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.write(TSCONFIG_BASE, TSCONFIG_FIXTURE);
  tree.write(PROVIDERS_FILE, PROVIDERS_FIXTURE);
  return tree;
}

function read(tree: Tree, file: string): string {
  const text = tree.read(file, 'utf-8');
  if (text === null) throw new Error(`${file} was not written`);
  return text;
}

function syntaxErrors(file: string, text: string): string[] {
  const { diagnostics = [] } = ts.transpileModule(text, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { experimentalDecorators: true },
  });
  return diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

describe('provider generator', () => {
  let tree: Tree;

  beforeEach(() => {
    tree = workspace();
  });

  it('creates the lib with its project, config, sources and specs', async () => {
    await providerGenerator(tree, { key: 'economic', name: 'e-conomic' });

    for (const file of expectedFiles) expect(tree.exists(`libs/providers/economic/${file}`)).toBe(true);
    const project = readProjectConfiguration(tree, 'provider-economic');
    expect(project.root).toBe('libs/providers/economic');
    expect(project.tags).toEqual(['type:provider']);
    expect(Object.keys(project.targets ?? {})).toEqual(['lint', 'typecheck', 'test']);
    expect(project.targets?.['typecheck']?.options).toEqual({
      command: 'tsc -p libs/providers/economic/tsconfig.json --noEmit',
    });
    expect(read(tree, 'libs/providers/economic/jest.config.ts')).toContain("preset: '../../../jest.preset.js'");
  });

  it('writes TypeScript that parses, with no leftover template tags or TODO markers', async () => {
    await providerGenerator(tree, { key: 'economic', name: 'e-conomic' });

    for (const file of expectedFiles) {
      const text = read(tree, `libs/providers/economic/${file}`);
      expect(text).not.toMatch(/<%|%>|__tmpl__|__key__|TODO|FIXME/);
      if (file.endsWith('.ts')) expect(syntaxErrors(file, text)).toEqual([]);
    }
  });

  it('names the connector, client, plugin and key after the provider, with every capability false', async () => {
    await providerGenerator(tree, { key: 'economic', name: 'e-conomic' });

    const connector = read(tree, 'libs/providers/economic/src/economic.connector.ts');
    expect(connector).toContain("export const ECONOMIC_KEY = 'economic';");
    expect(connector).toContain(
      '@AccountingConnector({ key: ECONOMIC_KEY, rateLimit: { requests: 60, perMs: 60_000 } })',
    );
    expect(connector).toContain('export class EconomicConnector implements Connector');
    expect(connector).not.toMatch(/:\s*true/);
    expect(read(tree, 'libs/providers/economic/src/index.ts')).toContain('export function economicPlugin(');
    const client = read(tree, 'libs/providers/economic/src/client/economic-client.ts');
    expect(client).toContain('export class EconomicClient');
    expect(client).toContain("'The e-conomic client is not written yet: see docs/adding-a-provider.md'");
    expect(read(tree, 'libs/providers/economic/src/economic.credentials.ts')).toContain("key: 'apiKey'");
  });

  it("declares the new provider's settings, named after its key, and hands their values to its module", async () => {
    await providerGenerator(tree, { key: 'zz-test', name: 'ZZ Test' });

    const index = read(tree, 'libs/providers/zz-test/src/index.ts');
    const source = ts.createSourceFile('index.ts', index, ts.ScriptTarget.Latest, true);
    const declaration = source.statements
      .filter(ts.isVariableStatement)
      .flatMap((statement) => [...statement.declarationList.declarations])
      .find((d) => d.name.getText() === 'ZZ_TEST_SETTINGS');
    expect(declaration).toBeDefined();
    const entries =
      /\[([\s\S]*)\]\s*as const satisfies readonly ProviderSetting\[\]/.exec(
        declaration?.initializer?.getText() ?? '',
      )?.[1] ?? '';
    const settings = [...entries.matchAll(/\{ variable: '(\w+)', kind: '(\w+)'(, secret: true)?/g)].map((m) => [
      m[1],
      m[2],
      Boolean(m[3]),
    ]);
    expect(settings).toEqual([
      ['ZZ_TEST_API_URL', 'url', false],
      ['ZZ_TEST_CLIENT_ID', 'text', false],
      ['ZZ_TEST_CLIENT_SECRET', 'text', true],
    ]);
    // Each declared value reaches the module's options.
    for (const [variable] of settings) expect(index).toContain(`settings.${variable},`);
    expect(index).toContain('settings: ZZ_TEST_SETTINGS,');
  });

  it('derives identifiers from a hyphenated key', async () => {
    await providerGenerator(tree, { key: 'zz-test', name: 'ZZ Test' });

    expect(read(tree, 'libs/providers/zz-test/src/zz-test.connector.ts')).toContain('export class ZzTestConnector');
    expect(read(tree, 'libs/providers/zz-test/src/index.ts')).toContain('export function zzTestPlugin(');
    expect(tree.exists('libs/providers/zz-test/src/client/zz-test-errors.spec.ts')).toBe(true);
  });

  it('adds the path alias as one line and keeps the rest of tsconfig.base.json as it was', async () => {
    const before = read(tree, TSCONFIG_BASE);
    await providerGenerator(tree, { key: 'economic', name: 'e-conomic' });

    const after = read(tree, TSCONFIG_BASE);
    const paths = (JSON.parse(after) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;
    expect(paths['@ledgerbridge/provider-economic']).toEqual(['libs/providers/economic/src/index.ts']);
    const added = after.split('\n').filter((line) => !before.split('\n').includes(line));
    expect(added).toEqual(['      "@ledgerbridge/provider-economic": ["libs/providers/economic/src/index.ts"],']);
  });

  it('adds the import and an opt-in entry to providerPlugins, keeping the file valid', async () => {
    const before = read(tree, PROVIDERS_FILE);
    await providerGenerator(tree, { key: 'economic', name: 'e-conomic' });

    const after = read(tree, PROVIDERS_FILE);
    expect(after).toContain("import { economicPlugin } from '@ledgerbridge/provider-economic';");
    expect(after).toContain("...(_config.accountingProviders?.includes('economic') ? [economicPlugin()] : []),");
    const added = after.split('\n').filter((line) => !before.split('\n').includes(line));
    expect(added).toHaveLength(3);
    expect(syntaxErrors(PROVIDERS_FILE, after)).toEqual([]);
    // The new entry is the last one in the returned array.
    expect(after.indexOf('economicPlugin()')).toBeGreaterThan(after.indexOf('dineroPlugin('));
    expect(after.indexOf('economicPlugin()')).toBeLessThan(after.indexOf('];'));
  });

  it('extends a plugin list written on one line, keeping the file valid', async () => {
    tree.write(
      PROVIDERS_FILE,
      "import { dineroPlugin } from '@ledgerbridge/provider-dinero';\n\n" +
        'export function providerPlugins(_config: { accountingProviders?: string[] }): ProviderPlugin[] {\n' +
        '  return [dineroPlugin()];\n}\n',
    );
    await providerGenerator(tree, { key: 'economic', name: 'e-conomic' });

    const after = read(tree, PROVIDERS_FILE);
    expect(after).toContain(
      '  return [dineroPlugin(),\n    // Opt-in until its client is written: mounted only when ACCOUNTING_PROVIDERS names "economic".\n' +
        "    ...(_config.accountingProviders?.includes('economic') ? [economicPlugin()] : []),\n  ];\n",
    );
    expect(syntaxErrors(PROVIDERS_FILE, after)).toEqual([]);
  });

  it('fills an empty plugin list and adds the comma a last entry lacks', async () => {
    tree.write(
      PROVIDERS_FILE,
      "import type { ProviderPlugin } from '@ledgerbridge/connector-sdk';\n\n" +
        'export function providerPlugins(settings: { accountingProviders?: string[] }): ProviderPlugin[] {\n' +
        '  return [];\n}\n',
    );
    await providerGenerator(tree, { key: 'billy', name: 'Billy' });
    await providerGenerator(tree, { key: 'fortnox', name: 'Fortnox' });

    const text = read(tree, PROVIDERS_FILE);
    expect(syntaxErrors(PROVIDERS_FILE, text)).toEqual([]);
    expect(text).toContain("    ...(settings.accountingProviders?.includes('billy') ? [billyPlugin()] : []),\n");
    expect(text).toContain(
      "    ...(settings.accountingProviders?.includes('fortnox') ? [fortnoxPlugin()] : []),\n  ];",
    );
    expect(text.indexOf("from '@ledgerbridge/provider-billy'")).toBeLessThan(
      text.indexOf("from '@ledgerbridge/provider-fortnox'"),
    );
  });

  it.each(['Economic', '1economic', 'e_conomic', 'e conomic', '', 'a'.repeat(33), '../economic'])(
    'refuses the key %p and writes nothing',
    async (key) => {
      const before = read(tree, PROVIDERS_FILE);
      await expect(providerGenerator(tree, { key, name: 'e-conomic' })).rejects.toThrow(/provider key .* is not valid/);
      expect(tree.listChanges().filter((change) => change.path.startsWith('libs/'))).toEqual([]);
      expect(read(tree, PROVIDERS_FILE)).toBe(before);
    },
  );

  it('refuses a missing or unsafe display name', async () => {
    await expect(providerGenerator(tree, { key: 'economic', name: '  ' })).rejects.toThrow(/needs a display name/);
    await expect(providerGenerator(tree, { key: 'economic', name: "e'conomic" })).rejects.toThrow(/not usable/);
    expect(tree.exists('libs/providers/economic')).toBe(false);
  });

  it("edits the workspace's own tsconfig.base.json and providers.ts, whatever providers they already hold", async () => {
    // The real files (declared as inputs of this target), so a drift in their shape breaks this one spec only.
    const root = path.resolve(__dirname, '../../..');
    tree.write(TSCONFIG_BASE, readFileSync(path.join(root, TSCONFIG_BASE), 'utf-8'));
    tree.write(PROVIDERS_FILE, readFileSync(path.join(root, PROVIDERS_FILE), 'utf-8'));
    // A key no real workspace holds, so providers generated there earlier do not collide with it.
    await providerGenerator(tree, { key: 'zz-spec-only', name: 'ZZ Spec' });

    const paths = (JSON.parse(read(tree, TSCONFIG_BASE)) as { compilerOptions: { paths: Record<string, string[]> } })
      .compilerOptions.paths;
    expect(paths['@ledgerbridge/provider-zz-spec-only']).toEqual(['libs/providers/zz-spec-only/src/index.ts']);
    const providers = read(tree, PROVIDERS_FILE);
    expect(providers).toContain("import { zzSpecOnlyPlugin } from '@ledgerbridge/provider-zz-spec-only';");
    expect(syntaxErrors(PROVIDERS_FILE, providers)).toEqual([]);
  });

  it('refuses a key that already exists: its folder, its alias or its import', async () => {
    tree.write('libs/providers/dinero/src/index.ts', 'export {};\n');
    await expect(providerGenerator(tree, { key: 'dinero', name: 'Dinero' })).rejects.toThrow(
      'A provider with the key "dinero" already exists: libs/providers/dinero is taken.',
    );

    tree.delete('libs/providers/dinero');
    await expect(providerGenerator(tree, { key: 'dinero', name: 'Dinero' })).rejects.toThrow(
      /already exists: tsconfig.base.json already maps @ledgerbridge\/provider-dinero/,
    );
    expect(tree.exists('libs/providers/dinero')).toBe(false);

    await providerGenerator(tree, { key: 'economic', name: 'e-conomic' });
    await expect(providerGenerator(tree, { key: 'economic', name: 'e-conomic' })).rejects.toThrow(/already exists/);
  });
});
