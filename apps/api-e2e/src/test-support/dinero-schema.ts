import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

// Dinero's published interface; the plugin's own helper is out of reach here (module boundaries), so a small twin.
const DOC_ID = 'https://api.dinero.dk/openapi/v1/swagger.json';
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const doc = JSON.parse(
  readFileSync(join(__dirname, '../../../../docs/providers/dinero/openapi-subset.json'), 'utf8'),
) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Json }> } }>> };

const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strictSchema: false });
addFormats(ajv);
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
ajv.addSchema({ ...doc, $id: DOC_ID });

// Local refs point into the document registered above.
const absolute = (schema: Json): Json =>
  Array.isArray(schema)
    ? schema.map(absolute)
    : typeof schema === 'object' && schema !== null
      ? Object.fromEntries(
          Object.entries(schema).map(([k, v]) => [
            k,
            k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${DOC_ID}${v}` : absolute(v),
          ]),
        )
      : schema;

const compiled = new Map<string, ValidateFunction>();

/** Ajv's complaints about `body` as the request of `method path` (a path template of the document); [] when valid. */
export function dineroRequestErrors(method: string, path: string, body: unknown): string[] {
  const key = `${method} ${path}`;
  let validate = compiled.get(key);
  if (!validate) {
    const schema = doc.paths[path]?.[method.toLowerCase()]?.requestBody?.content['application/json']?.schema;
    if (schema === undefined) return [`${key} has no JSON request body in Dinero's document`];
    validate = ajv.compile(absolute(schema) as object);
    compiled.set(key, validate);
  }
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
