import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

// Dinero's published OpenAPI document, cut to the paths we use (docs/providers/dinero/README.md names its source).
const DOC_PATH = join(__dirname, '../../../../../docs/providers/dinero/openapi-subset.json');
const DOC_ID = 'https://api.dinero.dk/openapi/v1/swagger.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const doc = JSON.parse(readFileSync(DOC_PATH, 'utf8')) as JsonObject;

const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strictSchema: false });
addFormats(ajv);
// OpenAPI's numeric formats, which JSON Schema does not define; int32 is checked because account numbers are.
ajv.addFormat('int32', {
  type: 'number',
  validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
});
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
// The whole document under an $id, so the `#/components/schemas/...` refs of its operations resolve.
ajv.addSchema({ ...doc, $id: DOC_ID });

function object(value: Json | undefined, where: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`No ${where} in the document`);
  return value;
}

function operation(method: string, path: string): JsonObject {
  const paths = object(doc['paths'], 'paths');
  return object(object(paths[path], `path ${path}`)[method.toLowerCase()], `${method} ${path}`);
}

// Local refs point into the document registered above.
function absolute(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(absolute);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#') ? `${DOC_ID}${value}` : absolute(value),
    ]),
  );
}

const compiled = new Map<string, ValidateFunction>();

function validatorFor(key: string, schema: () => Json): ValidateFunction {
  let validate = compiled.get(key);
  if (validate === undefined) {
    validate = ajv.compile(object(absolute(schema()), key));
    compiled.set(key, validate);
  }
  return validate;
}

function check(validate: ValidateFunction, value: unknown, what: string): void {
  if (!validate(value)) throw new Error(`${what} breaks Dinero's OpenAPI document: ${ajv.errorsText(validate.errors)}`);
}

/** Throws unless `body` is valid against the request schema of `method path` (a path template of the document). */
export function assertValidRequestBody(method: string, path: string, body: unknown): void {
  const validate = validatorFor(`request ${method} ${path}`, () => {
    const requestBody = object(operation(method, path)['requestBody'], `request body of ${method} ${path}`);
    return object(object(requestBody['content'], 'content')['application/json'], 'application/json')['schema'] ?? null;
  });
  check(validate, body, `The request body of ${method} ${path}`);
}

/**
 * Throws unless `body` is valid against the 200 schema of `method path`. With `fields`, the answer is the
 * projection Dinero returns for that `fields` query: only those properties, so `required` shrinks to them.
 */
export function assertValidResponse(method: string, path: string, body: unknown, fields?: string): void {
  const wanted = fields?.split(',').map((field) => field.trim().toLowerCase());
  const validate = validatorFor(`response ${method} ${path} ${fields ?? ''}`, () => {
    const ok = object(object(operation(method, path)['responses'], 'responses')['200'], `200 of ${method} ${path}`);
    const schema = object(object(ok['content'], 'content')['application/json'], 'application/json')['schema'] ?? null;
    return wanted === undefined ? schema : projected(schema, wanted);
  });
  check(validate, body, `The answer to ${method} ${path}`);
  if (wanted === undefined || !Array.isArray(body)) return;
  for (const row of body as Record<string, unknown>[]) {
    const extra = Object.keys(row).filter((key) => !wanted.includes(key.toLowerCase()));
    if (extra.length > 0)
      throw new Error(`The answer to ${method} ${path} has fields not asked for: ${extra.join(', ')}`);
  }
}

/**
 * Throws unless `method path` declares a `fields` query parameter and every name in `fields` is a property of
 * the items its 200 answer lists, so a request never asks Dinero for a field the document does not have.
 */
export function assertKnownFields(method: string, path: string, fields: string): void {
  const parameters = operation(method, path)['parameters'];
  const declared = Array.isArray(parameters) && parameters.some((p) => object(p, 'parameter')['name'] === 'fields');
  if (!declared) throw new Error(`${method} ${path} takes no fields query in Dinero's OpenAPI document`);
  const ok = object(object(operation(method, path)['responses'], 'responses')['200'], `200 of ${method} ${path}`);
  const schema = object(
    object(object(ok['content'], 'content')['application/json'], 'application/json')['schema'],
    'schema',
  );
  const ref = String(object(schema['items'], 'items')['$ref']);
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  const item = object(object(object(doc['components'], 'components')['schemas'], 'schemas')[name], name);
  const known = Object.keys(object(item['properties'], `properties of ${name}`)).map((key) => key.toLowerCase());
  const unknown = fields.split(',').filter((field) => !known.includes(field.trim().toLowerCase()));
  if (unknown.length > 0) throw new Error(`${method} ${path} has no field ${unknown.join(', ')} in ${name}`);
}

// An array of `$ref` items becomes an array of the referenced schema with `required` cut to the wanted fields.
function projected(schema: Json, wanted: readonly string[]): Json {
  const items = object(object(schema, 'list schema')['items'], 'items');
  const ref = String(items['$ref']);
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  const item = object(object(object(doc['components'], 'components')['schemas'], 'schemas')[name], name);
  const required = Array.isArray(item['required']) ? item['required'] : [];
  return {
    type: 'array',
    items: { ...item, required: required.filter((field) => wanted.includes(String(field).toLowerCase())) },
  };
}

/** Reads a recorded Dinero answer from src/fixtures. */
export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, '../fixtures', name), 'utf8')) as unknown;
}
