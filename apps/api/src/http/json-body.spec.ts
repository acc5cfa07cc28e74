import { jsonNestingExceeds } from './json-body';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('jsonNestingExceeds', () => {
  it('lets a body through at the limit and refuses one a level deeper', () => {
    expect(jsonNestingExceeds(bytes(nested(4)), 4)).toBe(false);
    expect(jsonNestingExceeds(bytes(nested(5)), 4)).toBe(true);
    expect(jsonNestingExceeds(bytes('{"a":{"b":[{"c":1}]}}'), 4)).toBe(false);
    expect(jsonNestingExceeds(bytes('{"a":{"b":[{"c":{}}]}}'), 4)).toBe(true);
  });

  it('counts depth, not the number of siblings', () => {
    expect(jsonNestingExceeds(bytes(`[${Array(1000).fill('{"a":[1]}').join(',')}]`), 3)).toBe(false);
  });

  it('ignores brackets inside strings', () => {
    expect(jsonNestingExceeds(bytes(`{"name":"${'[{'.repeat(100)}"}`), 1)).toBe(false);
    expect(jsonNestingExceeds(bytes(`["${'{'.repeat(50)}", "${']'.repeat(50)}", [[1]]]`), 2)).toBe(true);
  });

  it('keeps track of strings across escaped quotes and escaped backslashes', () => {
    // The escaped quote does not end the string, so the brackets after it are still text.
    expect(jsonNestingExceeds(bytes(`{"a":"x\\" [[[[ {{{{ "}`), 1)).toBe(false);
    // An escaped backslash does end before the quote, so the brackets after the string count.
    expect(jsonNestingExceeds(bytes(`{"a":"x\\\\", "b":[[[1]]]}`), 3)).toBe(true);
    expect(jsonNestingExceeds(bytes(`{"a":"x\\\\", "b":[[1]]}`), 3)).toBe(false);
  });

  it('is not fooled by multi-byte characters', () => {
    expect(jsonNestingExceeds(bytes(`{"navn":"Ærø ${'{'.repeat(10)} 💸"}`), 1)).toBe(false);
  });

  it('scans a 5,000-deep body quickly', () => {
    const started = Date.now();
    expect(jsonNestingExceeds(bytes(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`), 32)).toBe(true);
    expect(Date.now() - started).toBeLessThan(100);
  });
});
