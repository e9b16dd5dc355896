import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  compareDates,
  dayFromYmd,
  daysBetween,
  daysInMonth,
  formatDay,
  fromPlainDate,
  isIsoDate,
  isLastDayOfMonth,
  lastDayOfMonth,
  parseDay,
  subtractMonthsPreservingMonthEnd,
  toPlainDate,
  ymdFromDay,
} from './calendar';
import { DomainError } from './errors';

const plainDate = fc
  .integer({ min: dayFromYmd(1900, 1, 1), max: dayFromYmd(2200, 12, 31) })
  .map((d) => Temporal.PlainDate.from('1970-01-01').add({ days: d }));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`;
  }
  return undefined;
}

describe('parsing and formatting', () => {
  it.each([
    '2024-02-30',
    '2023-02-29',
    '2024-1-5',
    '2024-01-5',
    '24-01-05',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '0000-01-01',
    '2024-01-01T00:00',
    ' 2024-01-01',
    '2024/01/01',
    '2024-0a-01',
    '',
  ])('refuses %s with invalid_date', (s) => {
    expect(codeOf(() => parseDay(s))).toBe('invalid_date');
    expect(isIsoDate(s)).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(codeOf(() => addDays(20240101 as unknown as string, 1))).toBe('invalid_date');
  });

  it.each(['2024-02-29', '2000-02-29', '1970-01-01', '0001-01-01', '9999-12-31', '1969-12-31'])(
    'round-trips %s',
    (s) => {
      expect(formatDay(parseDay(s))).toBe(s);
    },
  );

  it('epoch days agree with Temporal', () => {
    fc.assert(
      fc.property(plainDate, (p) => {
        const d = dayFromYmd(p.year, p.month, p.day);
        expect(d).toBe(p.since('1970-01-01').days);
        expect(ymdFromDay(d)).toEqual({ year: p.year, month: p.month, day: p.day });
        expect(formatDay(d)).toBe(p.toString());
      }),
    );
  });

  it('refuses results outside 0001…9999', () => {
    expect(codeOf(() => addDays('9999-12-31', 1))).toBe('date_out_of_range');
    expect(codeOf(() => addMonths('0001-01-15', -1))).toBe('date_out_of_range');
    expect(codeOf(() => addMonths('2024-01-15', 1.5))).toBe('invalid_months');
    expect(codeOf(() => addDays('2024-01-15', Number.NaN))).toBe('invalid_days');
  });

  it('converts to and from Temporal.PlainDate', () => {
    expect(toPlainDate('2024-02-29').toString()).toBe('2024-02-29');
    expect(fromPlainDate(Temporal.PlainDate.from('2023-08-07'))).toBe('2023-08-07');
  });
});

describe('month arithmetic', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-01-30', 1, '2024-02-29'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-08-07', 12, '2025-08-07'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-12-15', 1, '2025-01-15'],
    ['2024-01-15', -13, '2022-12-15'],
    ['2024-05-31', 0, '2024-05-31'],
  ] as const)('addMonths(%s, %d) = %s', (d, n, want) => {
    expect(addMonths(d, n)).toBe(want);
  });

  it.each([
    ['2024-07-31', 1, '2024-06-30'],
    ['2024-06-30', 1, '2024-05-31'],
    ['2024-03-31', 1, '2024-02-29'],
    ['2024-03-30', 1, '2024-02-29'],
    ['2024-03-29', 1, '2024-02-29'],
    ['2024-03-28', 1, '2024-02-28'],
    ['2023-02-28', 1, '2023-01-31'],
    ['2024-02-28', 1, '2024-01-28'],
    ['2024-08-06', 3, '2024-05-06'],
    ['2025-02-28', 12, '2024-02-29'],
  ] as const)('subtractMonthsPreservingMonthEnd(%s, %d) = %s', (d, n, want) => {
    expect(subtractMonthsPreservingMonthEnd(d, n)).toBe(want);
  });

  it('addMonths agrees with Temporal (constrain)', () => {
    fc.assert(
      fc.property(plainDate, fc.integer({ min: -240, max: 240 }), (p, n) => {
        expect(addMonths(p.toString(), n)).toBe(p.add({ months: n }).toString());
      }),
    );
  });

  it('month-end preserving subtraction agrees with a Temporal model', () => {
    fc.assert(
      fc.property(plainDate, fc.integer({ min: 0, max: 240 }), (p, n) => {
        let want = p.subtract({ months: n });
        if (p.day === p.daysInMonth) want = want.with({ day: want.daysInMonth });
        expect(subtractMonthsPreservingMonthEnd(p.toString(), n)).toBe(want.toString());
      }),
    );
  });

  it('addDays, daysBetween and compareDates agree with Temporal', () => {
    fc.assert(
      fc.property(plainDate, fc.integer({ min: -5000, max: 5000 }), (p, n) => {
        const q = p.add({ days: n });
        expect(addDays(p.toString(), n)).toBe(q.toString());
        expect(daysBetween(p.toString(), q.toString())).toBe(n);
        expect(compareDates(p.toString(), q.toString())).toBe(Math.sign(-n) === 0 ? 0 : -Math.sign(n));
      }),
    );
  });

  it('daysInMonth, isLastDayOfMonth, lastDayOfMonth', () => {
    expect(daysInMonth('2024-02-10')).toBe(29);
    expect(daysInMonth('1900-02-10')).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2023, 4)).toBe(30);
    expect(codeOf(() => daysInMonth(2023, 13))).toBe('invalid_date');
    expect(isLastDayOfMonth('2024-02-29')).toBe(true);
    expect(isLastDayOfMonth('2023-02-28')).toBe(true);
    expect(isLastDayOfMonth('2024-02-28')).toBe(false);
    expect(lastDayOfMonth('2024-04-03')).toBe('2024-04-30');
    fc.assert(
      fc.property(plainDate, (p) => {
        expect(daysInMonth(p.toString())).toBe(p.daysInMonth);
        expect(isLastDayOfMonth(p.toString())).toBe(p.day === p.daysInMonth);
      }),
    );
  });
});
