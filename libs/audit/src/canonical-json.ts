/**
 * JSON with object keys sorted at every depth, so the same value always hashes the same,
 * whichever order its keys were built in. Arrays keep their order.
 *
 * A bigint (money in minor units may exceed 2^53) is written as the tag `{"$bigint":"<decimal digits>"}`, so
 * `12n`, `12` and `"12"` give three different texts and hashes. A recorded key that is the tag's name with one or more
 * `$` (`$bigint`, `$$bigint`…) is written with one more `$`, so no recorded object can ever look like the tag; every
 * other value is plain JSON. `parseCanonicalJson` reverses both.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(encode(value));
}

/** Reads `canonicalJson`'s text back: tags become bigints again and escaped tag-like keys lose their extra `$`. */
export function parseCanonicalJson(text: string): unknown {
  return decode(JSON.parse(text));
}

const BIGINT_TAG = '$bigint';
const TAG_LIKE = /^\$+bigint$/;

function encode(value: unknown): unknown {
  if (typeof value === 'bigint') return { [BIGINT_TAG]: value.toString() };
  if (Array.isArray(value)) return value.map(encode);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((k) => [TAG_LIKE.test(k) ? `$${k}` : k, encode(record[k])]),
    );
  }
  return value;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === BIGINT_TAG && typeof record[BIGINT_TAG] === 'string')
      return BigInt(record[BIGINT_TAG]);
    return Object.fromEntries(keys.map((k) => [TAG_LIKE.test(k) ? k.slice(1) : k, decode(record[k])]));
  }
  return value;
}
