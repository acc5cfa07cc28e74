import { QueryValue, single } from './query.params';

// Dinero's `fields` parameter picks output properties by case-insensitive name; unknown names are ignored.
export function projectFields<T extends object>(items: T[], given: QueryValue, defaults: string): Partial<T>[] {
  const fields = single('fields', given);
  const wanted = (fields && fields.trim() !== '' ? fields : defaults)
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (items.length === 0) return [];
  const keys = Object.keys(items[0]).filter((key) => wanted.includes(key.toLowerCase())) as (keyof T)[];
  return items.map((item) => {
    const picked: Partial<T> = {};
    for (const key of keys) picked[key] = item[key];
    return picked;
  });
}
