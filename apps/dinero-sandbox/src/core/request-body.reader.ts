import { DineroErrors } from './dinero.errors';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Dinero reads keys case-insensitively and ignores unknown ones, so fields are looked up, never spread.
export class RequestBodyReader {
  private readonly keys = new Map<string, string>();
  readonly errors: Record<string, string> = {};

  constructor(
    private readonly source: JsonObject,
    private readonly prefix = '',
  ) {
    for (const key of Object.keys(source)) this.keys.set(key.toLowerCase(), key);
  }

  static of(value: unknown, what = 'body'): RequestBodyReader {
    if (!isJsonObject(value)) throw DineroErrors.validation(what, 'Expected a JSON object');
    return new RequestBodyReader(value);
  }

  has(name: string): boolean {
    const raw = this.raw(name);
    return raw !== undefined && raw !== null;
  }

  raw(name: string): JsonValue | undefined {
    const key = this.keys.get(name.toLowerCase());
    return key === undefined ? undefined : this.source[key];
  }

  field(name: string): string {
    return this.prefix + name;
  }

  fail(name: string, reason: string): void {
    this.errors[this.field(name)] ??= reason;
  }

  string(name: string, opts: { required?: boolean; maxLength?: number; minLength?: number } = {}): string | null {
    const value = this.raw(name);
    if (value === undefined || value === null) {
      if (opts.required) this.fail(name, 'The field is required');
      return null;
    }
    if (typeof value !== 'string') return (this.fail(name, 'Expected a string'), null);
    if (opts.maxLength !== undefined && value.length > opts.maxLength)
      this.fail(name, `At most ${opts.maxLength} characters`);
    if (opts.minLength !== undefined && value.length < opts.minLength)
      this.fail(name, `At least ${opts.minLength} characters`);
    return value;
  }

  date(name: string, required = false): string | null {
    const value = this.string(name, { required });
    if (value !== null && (!DATE.test(value) || Number.isNaN(Date.parse(value))))
      this.fail(name, 'Expected a date as YYYY-MM-DD');
    return value;
  }

  integer(name: string, required = false): number | null {
    const value = this.raw(name);
    if (value === undefined || value === null) {
      if (required) this.fail(name, 'The field is required');
      return null;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) return (this.fail(name, 'Expected an integer'), null);
    return value;
  }

  number(name: string, required = false): number | null {
    const value = this.raw(name);
    if (value === undefined || value === null) {
      if (required) this.fail(name, 'The field is required');
      return null;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) return (this.fail(name, 'Expected a number'), null);
    return value;
  }

  boolean(name: string): boolean | null {
    const value = this.raw(name);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'boolean') return (this.fail(name, 'Expected a boolean'), null);
    return value;
  }

  children(name: string, required = false): RequestBodyReader[] | null {
    const value = this.raw(name);
    if (value === undefined || value === null) {
      if (required) this.fail(name, 'The field is required');
      return null;
    }
    if (!Array.isArray(value)) return (this.fail(name, 'Expected an array'), null);
    return value.map((item, index) => {
      const childPrefix = `${this.field(name)}[${index}].`;
      if (!isJsonObject(item)) {
        this.errors[`${this.field(name)}[${index}]`] = 'Expected an object';
        return new RequestBodyReader({}, childPrefix);
      }
      return new RequestBodyReader(item, childPrefix);
    });
  }

  absorb(child: RequestBodyReader): void {
    for (const [field, reason] of Object.entries(child.errors)) this.errors[field] ??= reason;
  }

  throwIfInvalid(): void {
    if (Object.keys(this.errors).length > 0) throw DineroErrors.validationMany(this.errors);
  }
}

export function readArray(value: unknown): RequestBodyReader[] {
  if (!Array.isArray(value)) throw DineroErrors.validation('body', 'Expected a JSON array');
  return value.map((item, index) => {
    if (!isJsonObject(item)) throw DineroErrors.validation(`[${index}]`, 'Expected an object');
    return new RequestBodyReader(item, `[${index}].`);
  });
}
