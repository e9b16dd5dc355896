import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPlainDate } from './format';

/** Intl uses (narrow) no-break spaces; compare with plain spaces. */
const plain = (s: string) => s.replace(/\s/g, ' ');

describe('formatDate', () => {
  const instant = '2026-11-26T10:00:00Z';

  it('formats for each language', () => {
    expect(formatDate(instant, 'nl', 'Europe/Berlin')).toBe('26 nov 2026');
    expect(formatDate(instant, 'de', 'Europe/Berlin')).toBe('26.11.2026');
    expect(formatDate(instant, 'en', 'Europe/Berlin')).toBe('26 Nov 2026');
  });

  it('uses the given time zone for the calendar day', () => {
    expect(formatDate('2026-11-26T23:30:00Z', 'de', 'Europe/Berlin')).toBe('27.11.2026');
    expect(formatDate('2026-11-26T23:30:00Z', 'de', 'UTC')).toBe('26.11.2026');
  });

  it('returns unparsable input unchanged', () => {
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });
});

describe('formatDateTime', () => {
  it('adds the time in the zone', () => {
    expect(plain(formatDateTime('2026-11-26T10:05:00Z', 'de', 'Europe/Berlin'))).toBe('26.11.2026, 11:05');
    expect(plain(formatDateTime('2026-11-26T10:05:00Z', 'en', 'Europe/Berlin'))).toBe('26 Nov 2026, 11:05');
  });
});

describe('formatPlainDate', () => {
  it('formats a calendar date without shifting it', () => {
    expect(formatPlainDate('2026-01-01', 'nl')).toBe('1 jan 2026');
    expect(formatPlainDate('2026-01-01', 'de')).toBe('01.01.2026');
    expect(formatPlainDate('2026-01-01', 'en')).toBe('1 Jan 2026');
  });
});

describe('formatMoney', () => {
  it('formats minor units for each language', () => {
    expect(plain(formatMoney(123456, 'EUR', 'nl'))).toBe('€ 1.234,56');
    expect(plain(formatMoney(123456, 'EUR', 'de'))).toBe('1.234,56 €');
    expect(plain(formatMoney(123456, 'EUR', 'en'))).toBe('€1,234.56');
  });

  it('handles negative amounts and currencies without minor units', () => {
    expect(plain(formatMoney(-5, 'EUR', 'de'))).toBe('-0,05 €');
    expect(plain(formatMoney(1500, 'JPY', 'en'))).toBe('JP¥1,500');
  });
});

describe('formatNumber', () => {
  it('groups digits for the language', () => {
    expect(formatNumber(1234567, 'nl')).toBe('1.234.567');
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
  });
});
