import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import {
  addMoney,
  allocate,
  currencyExponent,
  formatDecimal6,
  formatMoney,
  money,
  moneyToDecimalString,
  multiplyPrice,
  negateMoney,
  normalizeVatRate,
  parseMoney,
  parseQuantity,
  parseUnitPrice,
  parseVatRate,
  percentOf,
  subtractMoney,
  sumMoney,
} from './money';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`;
  }
  return undefined;
}

const eur = (minor: number) => money(minor, 'EUR');

describe('currencies', () => {
  it.each([
    ['EUR', 2],
    ['USD', 2],
    ['GBP', 2],
    ['CHF', 2],
    ['DKK', 2],
    ['SEK', 2],
    ['NOK', 2],
    ['PLN', 2],
    ['CZK', 2],
    ['HUF', 2],
    ['RON', 2],
    ['BGN', 2],
    ['ISK', 0],
    ['JPY', 0],
    ['KWD', 3],
    ['BHD', 3],
  ] as const)('%s has %d decimals', (c, e) => {
    expect(currencyExponent(c)).toBe(e);
  });

  it.each(['XXX', 'eur', '', 'toString', '__proto__'])('refuses %j with unknown_currency', (c) => {
    expect(codeOf(() => currencyExponent(c))).toBe('unknown_currency');
    expect(codeOf(() => money(1, c))).toBe('unknown_currency');
  });
});

describe('money arithmetic', () => {
  it('adds, subtracts, sums and negates exactly', () => {
    expect(addMoney(eur(10), eur(-3))).toEqual(eur(7));
    expect(subtractMoney(eur(10), eur(13))).toEqual(eur(-3));
    expect(sumMoney([eur(1), eur(2), eur(3)])).toEqual(eur(6));
    expect(sumMoney([], 'EUR')).toEqual(eur(0));
    expect(codeOf(() => sumMoney([]))).toBe('currency_required');
    expect(negateMoney(eur(0))).toEqual(eur(0));
    expect(Object.is(negateMoney(eur(0)).amountMinor, 0)).toBe(true);
  });

  it('refuses mixed currencies', () => {
    expect(codeOf(() => addMoney(eur(1), money(1, 'USD')))).toBe('currency_mismatch');
    expect(codeOf(() => subtractMoney(eur(1), money(1, 'USD')))).toBe('currency_mismatch');
    expect(codeOf(() => sumMoney([eur(1), money(1, 'CHF')]))).toBe('currency_mismatch');
  });

  it('refuses amounts beyond safe integers instead of losing precision', () => {
    expect(codeOf(() => money(0.5, 'EUR'))).toBe('amount_out_of_range');
    expect(codeOf(() => addMoney(eur(Number.MAX_SAFE_INTEGER), eur(1)))).toBe('amount_out_of_range');
  });

  it('parses and prints exact decimal amounts', () => {
    expect(parseMoney('12.34', 'EUR')).toEqual(eur(1234));
    expect(parseMoney('-0.5', 'EUR')).toEqual(eur(-50));
    expect(parseMoney('1.234', 'KWD')).toEqual(money(1234, 'KWD'));
    expect(codeOf(() => parseMoney('1.5', 'JPY'))).toBe('too_many_decimals');
    expect(moneyToDecimalString(eur(-5))).toBe('-0.05');
    expect(moneyToDecimalString(money(1234, 'JPY'))).toBe('1234');
    expect(moneyToDecimalString(money(5, 'BHD'))).toBe('0.005');
  });
});

describe('decimals', () => {
  it.each([
    ['29.90', 29_900_000, '29.90'],
    ['0.000001', 1, '0.000001'],
    ['1.2300000', 1_230_000, '1.23'],
    ['7', 7_000_000, '7.00'],
    ['+3.5', 3_500_000, '3.50'],
  ])('parseUnitPrice(%s)', (s, micros, canonical) => {
    expect(parseUnitPrice(s)).toEqual({ micros });
    expect(formatDecimal6(parseUnitPrice(s), 2)).toBe(canonical);
  });

  it.each([
    ['1.0000001', 'too_many_decimals'],
    ['-1', 'negative_not_allowed'],
    ['1,5', 'invalid_decimal'],
    ['1e3', 'invalid_decimal'],
    ['', 'invalid_decimal'],
    ['.5', 'invalid_decimal'],
    ['99999999999.99', 'amount_out_of_range'],
  ])('parseUnitPrice(%j) → %s', (s, code) => {
    expect(codeOf(() => parseUnitPrice(s))).toBe(code);
  });

  it('allows negative unit prices when asked (discount lines)', () => {
    expect(parseUnitPrice('-5.00', { allowNegative: true })).toEqual({ micros: -5_000_000 });
  });

  it('quantities accept numbers and decimal strings, never negative', () => {
    expect(parseQuantity(3)).toEqual({ micros: 3_000_000 });
    expect(parseQuantity(0.1)).toEqual({ micros: 100_000 });
    expect(parseQuantity('12.5')).toEqual({ micros: 12_500_000 });
    expect(codeOf(() => parseQuantity(-1))).toBe('negative_not_allowed');
    expect(codeOf(() => parseQuantity(1e-7))).toBe('too_many_decimals');
    expect(codeOf(() => parseQuantity(Number.POSITIVE_INFINITY))).toBe('invalid_decimal');
  });

  it('VAT rates are percentages 0…100 with up to 4 decimals', () => {
    expect(normalizeVatRate('19.00')).toBe('19');
    expect(normalizeVatRate('8.1')).toBe('8.1');
    expect(codeOf(() => parseVatRate('101'))).toBe('invalid_vat_rate');
    expect(codeOf(() => parseVatRate('-7'))).toBe('invalid_vat_rate');
    expect(codeOf(() => parseVatRate('7.00001'))).toBe('invalid_vat_rate');
  });
});

describe('line amounts: price × quantity × proration, rounded half up once', () => {
  it.each([
    ['29.90', '1', 1, 1, 'EUR', 2990],
    ['29.90', '1', 22, 31, 'EUR', 2122], // 21.2193… → 21.22
    ['0.015', '1', 1, 1, 'EUR', 2], // half up
    ['0.014999', '1', 1, 1, 'EUR', 1],
    ['0.0125', '2', 1, 1, 'EUR', 3], // 0.025 → 0.03
    ['0.012', '12.5', 1, 1, 'EUR', 15],
    ['1.00', '3', 1, 1, 'EUR', 300],
    ['100', '1', 1, 3, 'JPY', 33],
    ['0.0005', '1', 1, 1, 'KWD', 1],
    ['10', '1', 1, 2, 'ISK', 5],
    ['15', '1', 1, 2, 'ISK', 8],
  ] as const)('%s × %s × %d/%d %s = %d minor', (p, q, num, den, cur, want) => {
    expect(multiplyPrice(parseUnitPrice(p), parseQuantity(q), cur, { num, den }).amountMinor).toBe(want);
  });

  it('negative lines round symmetrically (half away from zero)', () => {
    const p = parseUnitPrice('-0.015', { allowNegative: true });
    expect(multiplyPrice(p, parseQuantity(1), 'EUR').amountMinor).toBe(-2);
  });

  it('agrees with a decimal.js model, including huge intermediates', () => {
    const price = fc.integer({ min: -9_000_000_000_000, max: 9_000_000_000_000 });
    fc.assert(
      fc.property(
        fc.oneof(price, fc.integer({ min: 0, max: 100_000_000 })),
        fc.oneof(
          fc.integer({ min: 0, max: 1000 }).map((n) => n * 1_000_000),
          fc.integer({ min: 0, max: 10_000_000_000 }),
        ),
        fc.integer({ min: 0, max: 366 }),
        fc.integer({ min: 1, max: 366 }),
        fc.constantFrom('EUR', 'JPY', 'KWD'),
        (p, q, num, den, cur) => {
          const exp = currencyExponent(cur);
          const exact = new Decimal(p)
            .div(1e6)
            .mul(new Decimal(q).div(1e6))
            .mul(num)
            .div(den)
            .mul(10 ** exp);
          const want = exact
            .abs()
            .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
            .mul(exact.isNeg() ? -1 : 1);
          let got: number | string;
          try {
            got = multiplyPrice({ micros: p }, { micros: q }, cur, { num, den }).amountMinor;
          } catch (e) {
            got = e instanceof DomainError ? e.code : 'other';
          }
          if (want.abs().gt(Number.MAX_SAFE_INTEGER)) expect(got).toBe('amount_out_of_range');
          else expect(got).toBe(want.toNumber() + 0);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('VAT: rate% of a net sum, rounded half up once', () => {
    expect(percentOf(eur(1000), parseVatRate('19'))).toEqual(eur(190));
    expect(percentOf(eur(2122), parseVatRate('19'))).toEqual(eur(403)); // 403.18
    expect(percentOf(eur(50), parseVatRate('7'))).toEqual(eur(4)); // 3.5 → 4
    expect(percentOf(eur(-50), parseVatRate('7'))).toEqual(eur(-4));
    expect(percentOf(eur(1), parseVatRate('8.1'))).toEqual(eur(0));
  });
});

describe('allocate', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [5, [1, 1], [3, 2]],
    [-100, [1, 1, 1], [-34, -33, -33]],
    [1000, ['0.5', '0.25', '0.25'], [500, 250, 250]],
    [1, [0, 1], [0, 1]],
    [7, [3, 0, 4], [3, 0, 4]],
    [10, [1, 2], [3, 7]], // 3.33 / 6.67: the larger remainder gets the extra cent
  ] as const)('allocate(%d, %j) = %j', (total, ratios, want) => {
    expect(allocate(eur(total), ratios).map((m) => m.amountMinor)).toEqual(want);
  });

  it('refuses empty, all-zero and negative ratios', () => {
    expect(codeOf(() => allocate(eur(1), []))).toBe('invalid_ratios');
    expect(codeOf(() => allocate(eur(1), [0, 0]))).toBe('invalid_ratios');
    expect(codeOf(() => allocate(eur(1), [1, -1]))).toBe('negative_not_allowed');
  });

  it('never loses or invents a minor unit, and each share is within one unit of exact', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        fc
          .array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 })
          .filter((a) => a.some((x) => x > 0)),
        (total, ratios) => {
          const shares = allocate(eur(total), ratios);
          expect(shares.reduce((s, m) => s + m.amountMinor, 0)).toBe(total);
          const sum = ratios.reduce((a, b) => a + b, 0);
          shares.forEach((m, i) => {
            const exact = (total * (ratios[i] as number)) / sum;
            expect(Math.abs(m.amountMinor - exact)).toBeLessThan(1 + 1e-6);
          });
        },
      ),
    );
  });
});

describe('formatMoney', () => {
  it.each([
    [eur(123450), 'de-DE', '1.234,50 €'],
    [eur(123450), 'nl-NL', '€ 1.234,50'],
    [eur(123450), 'en-GB', '€1,234.50'],
    [eur(-5), 'en-GB', '-€0.05'],
    [money(1234, 'JPY'), 'en-GB', 'JP¥1,234'],
    [money(1234567, 'KWD'), 'en-GB', 'KWD 1,234.567'],
    [eur(Number.MAX_SAFE_INTEGER), 'de-DE', '90.071.992.547.409,91 €'],
  ] as const)('%j in %s → %s', (m, locale, want) => {
    expect(formatMoney(m, locale).replace(/\u00a0|\u202f/g, ' ')).toBe(want);
  });
});
