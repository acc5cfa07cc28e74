import { DineroErrors } from './dinero.errors';

/** What Express hands over for one query parameter: a string, or an array when the parameter is repeated. */
export type QueryValue = string | string[] | undefined;

/**
 * A parameter the document declares as one value. Given twice it is refused as a validation error naming it,
 * the way Dinero refuses a value it cannot bind, never a crash (what live Dinero does with a repeat is unknown).
 */
export function single(name: string, value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw DineroErrors.validation(name, 'Expected a single value; the parameter was given more than once');
}

/** A parameter the document declares as an array (form style, exploded): each repetition is one item. */
export function many(name: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  throw DineroErrors.validation(name, 'Expected a list of values');
}
