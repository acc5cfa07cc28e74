import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Dinero's published OpenAPI document, the contract every sandbox answer is held to (docs/providers/dinero/README.md).
const DOCUMENT_PATH = join(__dirname, '../../../../docs/providers/dinero/openapi-subset.json');
const DOCUMENT_ID = 'https://api.dinero.dk/openapi/v1/swagger.json';

type JsonSchema = Record<string, unknown>;
interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string }[];
        responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
      }
    >
  >;
  components: { schemas: Record<string, JsonSchema & { required?: string[] }> };
}

const document = JSON.parse(readFileSync(DOCUMENT_PATH, 'utf8')) as OpenApiDocument;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
addFormats(ajv);
// OpenAPI's own top-level keys are not JSON Schema keywords; they are declared so strict mode accepts the document.
ajv.addKeyword('openapi').addKeyword('info').addKeyword('paths').addKeyword('components');
ajv.addSchema({ ...document, $id: DOCUMENT_ID });
const validators = new Map<string, ValidateFunction>();

function pointer(...segments: string[]): string {
  return segments.map((segment) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
}

export function responseSchemaExists(method: string, path: string, status = '200'): boolean {
  return (
    document.paths[path]?.[method.toLowerCase()]?.responses?.[status]?.content?.['application/json']?.schema !==
    undefined
  );
}

/**
 * Validates a Dinero answer against the response schema of `method path` (path as the document writes it).
 * With `projection`, the named schema's required list is cut to the requested `fields`: the document marks
 * properties required that Dinero's own default `fields` leave out (see README "differences").
 */
export function validateDineroAnswer(
  method: string,
  path: string,
  body: unknown,
  options: { status?: string; projection?: { schema: string; fields: string[] } } = {},
): string[] {
  const status = options.status ?? '200';
  if (!responseSchemaExists(method, path, status))
    throw new Error(`The document has no JSON answer for ${method} ${path} ${status}.`);
  const key = `${method} ${path} ${status} ${JSON.stringify(options.projection ?? null)}`;
  let validate = validators.get(key);
  if (!validate) {
    let base = DOCUMENT_ID;
    if (options.projection) {
      const { schema, fields } = options.projection;
      const copy = structuredClone(document);
      const wanted = fields.map((field) => field.toLowerCase());
      copy.components.schemas[schema].required = (copy.components.schemas[schema].required ?? []).filter((name) =>
        wanted.includes(name.toLowerCase()),
      );
      base = `${DOCUMENT_ID}?projection=${encodeURIComponent(key)}`;
      ajv.addSchema({ ...copy, $id: base });
    }
    const ref = `${base}#/${pointer('paths', path, method.toLowerCase(), 'responses', status, 'content', 'application/json', 'schema')}`;
    validate = ajv.compile({ $ref: ref });
    validators.set(key, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
  );
}

/**
 * Throws unless `value` fits the schema the document declares for query parameter `name` of `method path`: the
 * requests a test sends are then in the format the document names (a list for an array parameter).
 */
export function expectDineroParameter(method: string, path: string, name: string, value: unknown): void {
  const index =
    document.paths[path]?.[method.toLowerCase()]?.parameters?.findIndex((p) => p.in === 'query' && p.name === name) ??
    -1;
  if (index < 0) throw new Error(`The document declares no query parameter ${name} on ${method} ${path}.`);
  const key = `parameter ${method} ${path} ${name}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({
      $ref: `${DOCUMENT_ID}#/${pointer('paths', path, method.toLowerCase(), 'parameters', String(index), 'schema')}`,
    });
    validators.set(key, validate);
  }
  if (!validate(value))
    throw new Error(
      `${name}=${JSON.stringify(value)} is not what ${method} ${path} declares: ${ajv.errorsText(validate.errors)}`,
    );
}

/** Throws with every schema violation, so a test fails with the reason. */
export function expectDineroAnswer(...args: Parameters<typeof validateDineroAnswer>): void {
  const problems = validateDineroAnswer(...args);
  if (problems.length > 0) throw new Error(`${args[0]} ${args[1]} broke Dinero's contract:\n${problems.join('\n')}`);
}
