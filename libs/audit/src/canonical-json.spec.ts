import fc from 'fast-check';
import { canonicalJson, parseCanonicalJson } from './canonical-json';
import { REDACTED, redactSecrets } from './audit-redaction';

describe('canonicalJson', () => {
  it('does not depend on the order keys were added in', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
  });

  it('keeps the value: parsing it back gives an equal value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)))),
    );
  });

  it('sorts nested keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe('redactSecrets', () => {
  it('masks secret-looking fields and keeps the rest', () => {
    expect(
      redactSecrets({ name: 'A', clientSecret: 'x', list: [{ access_token: 'y', n: 1 }], when: new Date(0) }),
    ).toEqual({
      name: 'A',
      clientSecret: REDACTED,
      list: [{ access_token: REDACTED, n: 1 }],
      when: '1970-01-01T00:00:00.000Z',
    });
  });
});

describe('canonicalJson with bigint amounts', () => {
  it('records a bigint instead of throwing, as a tag distinct from the same number or string', () => {
    const texts = [canonicalJson({ amount: 12n }), canonicalJson({ amount: 12 }), canonicalJson({ amount: '12' })];
    expect(texts[0]).toBe('{"amount":{"$bigint":"12"}}');
    expect(new Set(texts).size).toBe(3);
  });

  it('keeps amounts beyond 2^53 exact', () => {
    const amount = 2n ** 63n + 1n;
    expect(parseCanonicalJson(canonicalJson({ lines: [{ amount }] }))).toEqual({ lines: [{ amount }] });
  });

  it('never lets a recorded object pass for the tag: tag-like keys are escaped and read back unchanged', () => {
    const lookalike = { $bigint: '12', $$bigint: 1, $other: 2 };
    expect(canonicalJson(lookalike)).not.toBe(canonicalJson(12n));
    expect(parseCanonicalJson(canonicalJson(lookalike))).toEqual(lookalike);
  });

  it('round-trips any JSON value mixed with bigints and $ keys', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.bigInt(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('$bigint', '$$bigint', '$x')), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(fc.property(value, (v) => expect(parseCanonicalJson(canonicalJson(v))).toEqual(v)));
  });
});
