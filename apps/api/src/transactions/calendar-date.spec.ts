import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { isCalendarDate } from './calendar-date';
import { TransactionQueryDto } from './transaction-view.dto';

describe('calendar dates of the list filters', () => {
  it.each(['2026-13-45', '2026-02-30', '2026-11-31', '2025-02-29', '9999-99-99', '2026-1-01', 42])(
    'refuses %s',
    (value) => {
      expect(isCalendarDate(value)).toBe(false);
      const errors = validateSync(plainToInstance(TransactionQueryDto, { from: value, to: value }));
      expect(errors.map((e) => e.property)).toEqual(['from', 'to']);
    },
  );

  it.each(['2026-11-30', '2024-02-29', '2026-01-01'])('takes %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
    expect(validateSync(plainToInstance(TransactionQueryDto, { from: value, to: value }))).toEqual([]);
  });
});
