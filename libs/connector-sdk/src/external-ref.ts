import type { ExternalRef } from './external-ref.types';

/** The longest handle every planned provider stores (Dinero's `ExternalReference` limit). */
export const EXTERNAL_REF_MAX_LENGTH = 128;

// Control characters and edge whitespace would not survive a provider's search filter intact.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Thrown when a string cannot be an external reference. */
export class InvalidExternalRefError extends RangeError {
  override readonly name = 'InvalidExternalRefError';
}

/** Returns why `value` is not a valid external reference, or `undefined` when it is. */
export function externalRefProblem(value: string): string | undefined {
  if (value.length === 0) return 'it is empty';
  if (value.length > EXTERNAL_REF_MAX_LENGTH) {
    return `it is ${value.length} characters long, the limit is ${EXTERNAL_REF_MAX_LENGTH}`;
  }
  if (value.trim() !== value) return 'it starts or ends with whitespace';
  if (CONTROL_CHARACTERS.test(value)) return 'it contains a control character';
  return undefined;
}

export function isExternalRef(value: unknown): value is ExternalRef {
  return typeof value === 'string' && externalRefProblem(value) === undefined;
}

/** Validates and brands a string as an ExternalRef. */
export function externalRef(value: string): ExternalRef {
  const problem = externalRefProblem(value);
  if (problem !== undefined) {
    throw new InvalidExternalRefError(`Invalid external reference: ${problem}.`);
  }
  return value as ExternalRef;
}
