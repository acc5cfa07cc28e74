import fc from 'fast-check';
import { EXTERNAL_REF_MAX_LENGTH, externalRef, InvalidExternalRefError, isExternalRef } from './external-ref';

describe('externalRef', () => {
  it('accepts a typical export id and the maximum length', () => {
    expect(externalRef('lb-export-0b6f7f0e-3c1a-4a57-9d0e-4f1c2b7e9a11')).toBe(
      'lb-export-0b6f7f0e-3c1a-4a57-9d0e-4f1c2b7e9a11',
    );
    expect(isExternalRef('x'.repeat(EXTERNAL_REF_MAX_LENGTH))).toBe(true);
  });

  it.each([
    ['', 'it is empty'],
    ['x'.repeat(129), 'it is 129 characters long, the limit is 128'],
    [' padded', 'it starts or ends with whitespace'],
    ['line\nbreak', 'it contains a control character'],
  ])('rejects %p because %s', (value, reason) => {
    expect(() => externalRef(value)).toThrow(InvalidExternalRefError);
    expect(() => externalRef(value)).toThrow(`Invalid external reference: ${reason}.`);
    expect(isExternalRef(value)).toBe(false);
  });

  it('rejects what is not a string', () => {
    expect(isExternalRef(42)).toBe(false);
    expect(isExternalRef(undefined)).toBe(false);
  });

  it('accepts every printable string of 1 to 128 characters without edge whitespace', () => {
    const printable = fc
      .string({ minLength: 1, maxLength: EXTERNAL_REF_MAX_LENGTH, unit: fc.constantFrom(...'abcXYZ019-_:/. ') })
      .filter((value) => value.trim() === value);
    fc.assert(fc.property(printable, (value) => externalRef(value) === value));
  });

  it('rejects every string longer than 128 characters', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: EXTERNAL_REF_MAX_LENGTH + 1, maxLength: 400 }),
        (value) => !isExternalRef(value),
      ),
    );
  });
});
