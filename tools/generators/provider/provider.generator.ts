import * as path from 'node:path';
import {
  generateFiles,
  getProjects,
  logger,
  names,
  offsetFromRoot,
  parseJson,
  updateJson,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import * as ts from 'typescript';

/** The options of `nx g ./tools/generators/provider:provider`, as declared in schema.json. */
export interface ProviderGeneratorSchema {
  /** The provider key, as stored with each connection and listed in ACCOUNTING_PROVIDERS. */
  readonly key: string;
  /** The display name, used in messages and docs. */
  readonly name: string;
}

/** The same rule the registry applies at start-up (`isConnectorKey` in connector-sdk). */
export const PROVIDER_KEY_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
export const PROVIDERS_FILE = 'apps/api/src/providers.ts';
export const TSCONFIG_BASE = 'tsconfig.base.json';
const PROVIDER_IMPORT_PREFIX = '@ledgerbridge/provider-';
// The name lands inside single-quoted strings, template literals and Markdown, so quoting characters are refused.
const UNSAFE_NAME_CHARACTERS = /['"`\\$<>\p{Cc}]/u;
const MAX_NAME_LENGTH = 64;

interface TsConfigPaths {
  compilerOptions?: { paths?: Record<string, string[]> };
}

interface TextEdit {
  readonly at: number;
  readonly text: string;
}

/** Scaffolds `libs/providers/<key>`, adds its path alias and its (opt-in) line in `apps/api/src/providers.ts`. */
export async function providerGenerator(tree: Tree, schema: ProviderGeneratorSchema): Promise<GeneratorCallback> {
  const { key, name } = validated(tree, schema);
  const projectRoot = `libs/providers/${key}`;
  const alias = `${PROVIDER_IMPORT_PREFIX}${key}`;
  const { className, propertyName, constantName } = names(key);

  // The edits that can still refuse (alias or import already there) run before any file is generated.
  addPathAlias(tree, alias, `${projectRoot}/src/index.ts`);
  addPluginLine(tree, key, alias, `${propertyName}Plugin`);
  generateFiles(tree, path.join(__dirname, 'files'), projectRoot, {
    key,
    name,
    className,
    propertyName,
    constantName,
    projectRoot,
    offset: offsetFromRoot(projectRoot),
    tmpl: '',
  });

  return () => {
    logger.info(
      `Scaffolded provider-${key} in ${projectRoot}. It is mounted only when ACCOUNTING_PROVIDERS names "${key}"; ` +
        `next steps are in ${projectRoot}/README.md and docs/adding-a-provider.md.`,
    );
  };
}

export default providerGenerator;

/** Refuses a bad or taken key and a missing or unsafe name before anything is written. */
function validated(tree: Tree, schema: ProviderGeneratorSchema): { key: string; name: string } {
  const key = typeof schema.key === 'string' ? schema.key : '';
  if (!PROVIDER_KEY_PATTERN.test(key)) {
    throw new Error(
      `The provider key "${key}" is not valid: use 1 to 32 lower-case letters, digits or hyphens, starting with a ` +
        `letter (e.g. "economic").`,
    );
  }
  const name = typeof schema.name === 'string' ? schema.name.trim() : '';
  if (name === '') throw new Error('The provider needs a display name: pass --name (e.g. --name="e-conomic").');
  if (name.length > MAX_NAME_LENGTH || UNSAFE_NAME_CHARACTERS.test(name)) {
    throw new Error(
      `The display name "${name}" is not usable: keep it under ${MAX_NAME_LENGTH + 1} characters, without quotes, ` +
        'backslashes, "$", "<", ">" or control characters.',
    );
  }
  const projectRoot = `libs/providers/${key}`;
  if (tree.exists(projectRoot)) {
    throw new Error(`A provider with the key "${key}" already exists: ${projectRoot} is taken.`);
  }
  if (getProjects(tree).has(`provider-${key}`)) {
    throw new Error(`A provider with the key "${key}" already exists: the Nx project provider-${key} is taken.`);
  }
  return { key, name };
}

/** Adds the alias as one line at the top of `paths`, so the rest of tsconfig.base.json keeps its formatting. */
function addPathAlias(tree: Tree, alias: string, target: string): void {
  const text = tree.read(TSCONFIG_BASE, 'utf-8');
  if (text === null) throw new Error(`${TSCONFIG_BASE} is missing, so the path alias ${alias} cannot be added.`);
  const paths = parseJson<TsConfigPaths>(text).compilerOptions?.paths ?? {};
  if (Object.prototype.hasOwnProperty.call(paths, alias)) {
    throw new Error(`A provider with this key already exists: ${TSCONFIG_BASE} already maps ${alias}.`);
  }
  const opening = /("paths"\s*:\s*\{)(\s*)(?=")/.exec(text);
  if (opening === null) {
    // No non-empty `paths` object to insert into: let Nx write the JSON instead.
    updateJson<TsConfigPaths>(tree, TSCONFIG_BASE, (json) => ({
      ...json,
      compilerOptions: { ...json.compilerOptions, paths: { ...json.compilerOptions?.paths, [alias]: [target] } },
    }));
    return;
  }
  const at = opening.index + opening[0].length;
  const line = `${JSON.stringify(alias)}: [${JSON.stringify(target)}],${opening[2]}`;
  const next = text.slice(0, at) + line + text.slice(at);
  // Guards the text edit: the result must still parse and map the alias.
  if (parseJson<TsConfigPaths>(next).compilerOptions?.paths?.[alias]?.[0] !== target) {
    throw new Error(`Could not add the path alias ${alias} to ${TSCONFIG_BASE}; add it by hand.`);
  }
  tree.write(TSCONFIG_BASE, next);
}

/**
 * Adds the import and an entry to `providerPlugins`. The entry mounts the provider only when ACCOUNTING_PROVIDERS
 * names it, since an unset ACCOUNTING_PROVIDERS mounts every listed plugin and this one cannot verify anything yet.
 */
function addPluginLine(tree: Tree, key: string, alias: string, pluginFunction: string): void {
  const text = tree.read(PROVIDERS_FILE, 'utf-8');
  if (text === null) throw new Error(`${PROVIDERS_FILE} is missing, so the ${key} plugin cannot be listed.`);
  const source = ts.createSourceFile(PROVIDERS_FILE, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const imports = source.statements.filter(ts.isImportDeclaration);
  const importedFrom = (statement: ts.ImportDeclaration): string =>
    ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : '';
  if (imports.some((statement) => importedFrom(statement) === alias)) {
    throw new Error(`A provider with the key "${key}" already exists: ${PROVIDERS_FILE} already imports ${alias}.`);
  }

  const fn = source.statements.find(
    (statement): statement is ts.FunctionDeclaration =>
      ts.isFunctionDeclaration(statement) && statement.name?.text === 'providerPlugins',
  );
  const array = fn?.body?.statements
    .filter(ts.isReturnStatement)
    .map((statement) => statement.expression)
    .find(
      (expression): expression is ts.ArrayLiteralExpression =>
        expression !== undefined && ts.isArrayLiteralExpression(expression),
    );
  const configParameter = fn?.parameters[0]?.name;
  if (fn === undefined || array === undefined || configParameter === undefined || !ts.isIdentifier(configParameter)) {
    throw new Error(
      `${PROVIDERS_FILE} has no "providerPlugins(config)" returning an array literal; add the ${key} plugin by hand.`,
    );
  }

  const providerImports = imports.filter((statement) => importedFrom(statement).startsWith(PROVIDER_IMPORT_PREFIX));
  const after = providerImports[providerImports.length - 1] ?? imports[imports.length - 1];
  const importLine = `import { ${pluginFunction} } from '${alias}';`;
  const edits: TextEdit[] = [
    after === undefined ? { at: 0, text: `${importLine}\n` } : { at: after.getEnd(), text: `\n${importLine}` },
  ];

  const indent = elementIndent(text, array);
  const elements = array.elements;
  const last = elements[elements.length - 1];
  let close = array.getEnd() - 1;
  while (close > array.getStart() + 1 && /\s/.test(text.charAt(close - 1))) close -= 1;
  // A list on one line (`return [dineroPlugin()];`, as the formatter writes it) gets its closing bracket on a new line.
  const oneLine = !text.slice(array.getStart(), array.getEnd()).includes('\n');
  const comma = last !== undefined && !elements.hasTrailingComma ? ',' : '';
  const mounted = `...(${configParameter.text}.accountingProviders?.includes('${key}') ? [${pluginFunction}()] : [])`;
  // One edit for the comma and the entry: both land right after the last entry when nothing separates it from `]`.
  if (comma && last !== undefined && last.getEnd() !== close) edits.push({ at: last.getEnd(), text: comma });
  edits.push({
    at: close,
    text:
      (comma && last?.getEnd() === close ? comma : '') +
      `\n${indent}// Opt-in until its client is written: mounted only when ACCOUNTING_PROVIDERS names "${key}".` +
      `\n${indent}${mounted},` +
      (last === undefined || oneLine ? `\n${indent.slice(2)}` : ''),
  });

  const next = [...edits]
    .sort((a, b) => b.at - a.at)
    .reduce((current, edit) => current.slice(0, edit.at) + edit.text + current.slice(edit.at), text);
  tree.write(PROVIDERS_FILE, next);
}

/** The indentation of the array's entries, from its first entry or else two spaces deeper than `return`. */
function elementIndent(text: string, array: ts.ArrayLiteralExpression): string {
  const first = array.elements[0];
  const position = first === undefined ? array.parent.getStart() : first.getStart();
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  const leading = text.slice(lineStart, position);
  const indent = /^\s*$/.test(leading) ? leading : (/^\s*/.exec(leading)?.[0] ?? '');
  return first === undefined || indent !== leading ? `${indent}  ` : indent;
}
