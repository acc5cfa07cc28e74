import { ValidateBy } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD naming a day that exists (no 2026-02-30): PostgreSQL refuses any other text as a date with an error. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** class-validator rule for a query or body date; the message names the field. */
export const IsCalendarDate = () =>
  ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: isCalendarDate,
      defaultMessage: (args) => `${args?.property ?? 'date'} must be a calendar date, YYYY-MM-DD`,
    },
  });
