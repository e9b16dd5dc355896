import { Temporal } from 'temporal-polyfill';
import { DomainError } from './errors';

/** A calendar date as it crosses the domain boundary: `YYYY-MM-DD` (ISO 8601, years 0001–9999). */
export type IsoDate = string;

// ---------------------------------------------------------------------------------------------
// Internal compact representation: epoch days (days since 1970-01-01, proleptic Gregorian).
// Conversions follow H. Hinnant's `days_from_civil` / `civil_from_days`. Everything that runs in a
// loop works on these integers; ISO strings are produced only at the boundary.
// ---------------------------------------------------------------------------------------------

/** Epoch day of 0001-01-01 and 9999-12-31: the supported range. */
export const MIN_DAY = -719162;
export const MAX_DAY = 2932896;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month `month` (1–12) of `year`. */
export function monthLength(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : (DAYS_IN_MONTH[month - 1] as number);
}

/** Epoch day of a (valid) civil date. */
export function dayFromYmd(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export type Ymd = { year: number; month: number; day: number };

/** Civil date of an epoch day. */
export function ymdFromDay(epochDay: number): Ymd {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function outOfRange(what: string): never {
  throw new DomainError('date_out_of_range', `${what} lies outside 0001-01-01 … 9999-12-31`);
}

function checkRange(epochDay: number, what: string): number {
  if (epochDay < MIN_DAY || epochDay > MAX_DAY) {
    throw new DomainError('date_out_of_range', `${what} lies outside 0001-01-01 … 9999-12-31`, {
      value: epochDay,
    });
  }
  return epochDay;
}

/**
 * Parses a strict `YYYY-MM-DD` string into an epoch day. Anything else (`2024-1-5`, `2024-02-30`,
 * `2024-02-29T00:00`, non-strings) is refused with `invalid_date`.
 */
export function parseDay(value: unknown, field = 'date'): number {
  if (typeof value !== 'string' || value.length !== 10 || value[4] !== '-' || value[7] !== '-') {
    throw invalidDate(value, field);
  }
  let year = 0;
  let month = 0;
  let day = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) throw invalidDate(value, field);
    if (i < 4) year = year * 10 + c;
    else if (i < 7) month = month * 10 + c;
    else day = day * 10 + c;
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)) {
    throw invalidDate(value, field);
  }
  return dayFromYmd(year, month, day);
}

function invalidDate(value: unknown, field: string): DomainError {
  return new DomainError(
    'invalid_date',
    `${field} must be a calendar date YYYY-MM-DD, got ${String(value)}`,
    {
      field,
      value,
    },
  );
}

const isoCache = new Map<number, string>();

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** Formats an epoch day as `YYYY-MM-DD` (memoised: billing formats the same few days again and again). */
export function formatDay(epochDay: number): IsoDate {
  const cached = isoCache.get(epochDay);
  if (cached !== undefined) return cached;
  checkRange(epochDay, 'date');
  const { year, month, day } = ymdFromDay(epochDay);
  const iso = `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
  if (isoCache.size > 200_000) isoCache.clear();
  isoCache.set(epochDay, iso);
  return iso;
}

/** Month index: year·12 + (month − 1). Month arithmetic is integer arithmetic on it. */
export function monthIndexOf(epochDay: number): number {
  const { year, month } = ymdFromDay(epochDay);
  return year * 12 + month - 1;
}

export function firstDayOfMonthIndex(monthIndex: number): number {
  return dayFromYmd(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 1);
}

export function lastDayOfMonthIndex(monthIndex: number): number {
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  return dayFromYmd(year, month, monthLength(year, month));
}

export function lastDayOfMonthOf(epochDay: number): number {
  const { year, month, day } = ymdFromDay(epochDay);
  return epochDay + monthLength(year, month) - day;
}

function checkMonths(n: number, field = 'months'): void {
  if (!Number.isSafeInteger(n)) {
    throw new DomainError('invalid_months', `${field} must be an integer, got ${n}`, { field, value: n });
  }
}

function checkDays(n: number, field = 'days'): void {
  if (!Number.isSafeInteger(n)) {
    throw new DomainError('invalid_days', `${field} must be an integer, got ${n}`, { field, value: n });
  }
}

/** Adds n months (n may be negative), clamping the day to the target month's length. */
export function addMonthsDay(epochDay: number, n: number): number {
  const { year, month, day } = ymdFromDay(epochDay);
  const mi = year * 12 + month - 1 + n;
  const y = Math.floor(mi / 12);
  const m = (mi % 12) + 1;
  if (y < 1 || y > 9999) outOfRange('result');
  const len = monthLength(y, m);
  return dayFromYmd(y, m, Math.min(day, len));
}

/** Subtracts n months; the last day of a month maps to the last day of the resulting month. */
export function subtractMonthsPreservingMonthEndDay(epochDay: number, n: number): number {
  const { year, month, day } = ymdFromDay(epochDay);
  const mi = year * 12 + month - 1 - n;
  const y = Math.floor(mi / 12);
  const m = (mi % 12) + 1;
  if (y < 1 || y > 9999) outOfRange('result');
  const len = monthLength(y, m);
  const isMonthEnd = day === monthLength(year, month);
  return dayFromYmd(y, m, isMonthEnd || day > len ? len : day);
}

/**
 * End of the k-th term of `months` months for a booking starting on `start` (§188 BGB): the day
 * before the day with start's day number k·months later; when that month lacks the day, its last day.
 */
export function termEndDay(start: number, months: number, k: number): number {
  const { year, month, day } = ymdFromDay(start);
  const mi = year * 12 + month - 1 + months * k;
  const y = Math.floor(mi / 12);
  const m = (mi % 12) + 1;
  if (y < 1 || y > 9999) outOfRange('term end');
  const len = monthLength(y, m);
  return day > len ? dayFromYmd(y, m, len) : dayFromYmd(y, m, day) - 1;
}

// ---------------------------------------------------------------------------------------------
// Public, ISO-string API.
// ---------------------------------------------------------------------------------------------

/** Throws `invalid_date` unless `value` is a valid `YYYY-MM-DD`; returns it typed. */
export function assertIsoDate(value: unknown, field = 'date'): IsoDate {
  parseDay(value, field);
  return value as IsoDate;
}

export function isIsoDate(value: unknown): value is IsoDate {
  try {
    parseDay(value);
    return true;
  } catch {
    return false;
  }
}

/** `-1`, `0` or `1` as a is before, equal to or after b. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const x = parseDay(a, 'a');
  const y = parseDay(b, 'b');
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Days from a to b (b − a); positive when b is later. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return parseDay(b, 'b') - parseDay(a, 'a');
}

export function addDays(date: IsoDate, n: number): IsoDate {
  checkDays(n, 'n');
  return formatDay(checkRange(parseDay(date) + n, 'result'));
}

/** 31 Jan + 1 month = 28/29 Feb (clamps). n may be negative (then it also clamps). */
export function addMonths(date: IsoDate, n: number): IsoDate {
  checkMonths(n, 'n');
  return formatDay(addMonthsDay(parseDay(date), n));
}

/** 31 Jul − 1 month = 30 Jun; 30 Jun − 1 month = 31 May; 30 Mar − 1 month = 28/29 Feb. */
export function subtractMonthsPreservingMonthEnd(date: IsoDate, n: number): IsoDate {
  checkMonths(n, 'n');
  return formatDay(subtractMonthsPreservingMonthEndDay(parseDay(date), n));
}

/** Days in the month of `date`, or of (`year`, `month` 1–12). */
export function daysInMonth(date: IsoDate): number;
export function daysInMonth(year: number, month: number): number;
export function daysInMonth(dateOrYear: IsoDate | number, month?: number): number {
  if (typeof dateOrYear === 'string') {
    const { year, month: m } = ymdFromDay(parseDay(dateOrYear));
    return monthLength(year, m);
  }
  if (
    !Number.isInteger(dateOrYear) ||
    dateOrYear < 1 ||
    dateOrYear > 9999 ||
    month === undefined ||
    !Number.isInteger(month) ||
    month < 1 ||
    month > 12
  ) {
    throw new DomainError('invalid_date', `no such month: ${dateOrYear}-${month}`, {
      value: [dateOrYear, month],
    });
  }
  return monthLength(dateOrYear, month);
}

export function isLastDayOfMonth(date: IsoDate): boolean {
  const d = parseDay(date);
  return lastDayOfMonthOf(d) === d;
}

export function lastDayOfMonth(date: IsoDate): IsoDate {
  return formatDay(lastDayOfMonthOf(parseDay(date)));
}

export function firstDayOfMonth(date: IsoDate): IsoDate {
  const { year, month } = ymdFromDay(parseDay(date));
  return formatDay(dayFromYmd(year, month, 1));
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b;
}

/** Converts to a Temporal.PlainDate (for callers that work with Temporal). */
export function toPlainDate(date: IsoDate): Temporal.PlainDate {
  const { year, month, day } = ymdFromDay(parseDay(date));
  return new Temporal.PlainDate(year, month, day);
}

export function fromPlainDate(date: Temporal.PlainDate): IsoDate {
  if (date.calendarId !== 'iso8601') {
    throw new DomainError('invalid_date', 'only ISO-calendar dates are supported', {
      value: date.toString(),
    });
  }
  return formatDay(checkRange(dayFromYmd(date.year, date.month, date.day), 'date'));
}
