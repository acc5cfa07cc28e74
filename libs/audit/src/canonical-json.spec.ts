import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
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
    fc.assert(fc.property(fc.jsonValue(), (v) => expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)))));
  });

  it('sorts nested keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });
});

describe('redactSecrets', () => {
  it('masks secret-looking fields and keeps the rest', () => {
    expect(redactSecrets({ name: 'A', clientSecret: 'x', list: [{ access_token: 'y', n: 1 }], when: new Date(0) })).toEqual({
      name: 'A',
      clientSecret: REDACTED,
      list: [{ access_token: REDACTED, n: 1 }],
      when: '1970-01-01T00:00:00.000Z',
    });
  });
});
