import { DomainError } from './errors';

// ---------------------------------------------------------------------------------------------
// Currencies
// ---------------------------------------------------------------------------------------------

/** Minor-unit exponents per ISO 4217 (number of decimals of the currency). */
export const currencyExponents: Readonly<Record<string, number>> = Object.freeze({
  EUR: 2,
  USD: 2,
  GBP: 2,
  CHF: 2,
  DKK: 2,
  SEK: 2,
  NOK: 2,
  PLN: 2,
  CZK: 2,
  HUF: 2,
  RON: 2,
  BGN: 2,
  ISK: 0,
  JPY: 0,
  KRW: 0,
  CLP: 0,
  KWD: 3,
  BHD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
  AUD: 2,
  CAD: 2,
  NZD: 2,
  CNY: 2,
  HKD: 2,
  SGD: 2,
  INR: 2,
  ZAR: 2,
  TRY: 2,
  BRL: 2,
  MXN: 2,
  AED: 2,
  UAH: 2,
  RSD: 2,
});

/** The currency's number of minor-unit decimals; `unknown_currency` for codes not in the table. */
export function currencyExponent(currency: string): number {
  const exp = Object.hasOwn(currencyExponents, currency) ? currencyExponents[currency] : undefined;
  if (exp === undefined) {
    throw new DomainError('unknown_currency', `unknown currency ${String(currency)}`, {
      field: 'currency',
      value: currency,
    });
  }
  return exp;
}

export function isKnownCurrency(currency: string): boolean {
  return Object.hasOwn(currencyExponents, currency);
}

// ---------------------------------------------------------------------------------------------
// Money: integer minor units (a JavaScript number, always a safe integer) beside the currency.
// ---------------------------------------------------------------------------------------------

/**
 * An exact amount: `amountMinor` is an integer count of the currency's minor units (cents for EUR,
 * yen for JPY, fils for KWD). It is a `number` kept within Number.MAX_SAFE_INTEGER (±9·10^15 minor
 * units, i.e. ±90 trillion EUR) so it serialises to JSON as is; every operation checks the bound and
 * throws `amount_out_of_range` rather than lose precision.
 */
export type Money = { readonly amountMinor: number; readonly currency: string };

function checkSafe(n: number, what = 'amount'): number {
  if (!Number.isSafeInteger(n)) {
    throw new DomainError(
      'amount_out_of_range',
      `${what} is not a safe integer number of minor units: ${n}`,
      {
        value: n,
      },
    );
  }
  return n;
}

export function money(amountMinor: number, currency: string): Money {
  currencyExponent(currency);
  return { amountMinor: checkSafe(amountMinor) + 0, currency };
}

export function zeroMoney(currency: string): Money {
  return money(0, currency);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new DomainError('currency_mismatch', `cannot combine ${a.currency} and ${b.currency}`, {
      value: [a.currency, b.currency],
    });
  }
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amountMinor: checkSafe(a.amountMinor + b.amountMinor), currency: a.currency };
}

export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amountMinor: checkSafe(a.amountMinor - b.amountMinor), currency: a.currency };
}

export function negateMoney(a: Money): Money {
  return { amountMinor: 0 - a.amountMinor, currency: a.currency };
}

/** Sum of amounts of one currency; `currency` is needed when the list may be empty. */
export function sumMoney(amounts: readonly Money[], currency?: string): Money {
  const cur = currency ?? amounts[0]?.currency;
  if (cur === undefined) {
    throw new DomainError('currency_required', 'the sum of no amounts needs a currency');
  }
  let total = zeroMoney(cur);
  for (const m of amounts) total = addMoney(total, m);
  return total;
}

export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.amountMinor < b.amountMinor ? -1 : a.amountMinor > b.amountMinor ? 1 : 0;
}

export function isZeroMoney(a: Money): boolean {
  return a.amountMinor === 0;
}

/** `'1234.50'`-style exact decimal string of an amount (currency's decimals, no grouping). */
export function moneyToDecimalString(m: Money): string {
  const exp = currencyExponent(m.currency);
  const neg = m.amountMinor < 0;
  const digits = String(Math.abs(m.amountMinor)).padStart(exp + 1, '0');
  const int = digits.slice(0, digits.length - exp);
  const frac = digits.slice(digits.length - exp);
  return `${neg ? '-' : ''}${int}${exp > 0 ? `.${frac}` : ''}`;
}

/** Parses an exact decimal amount (`'12.34'`, `'-5'`) into Money; more decimals than the currency has are refused. */
export function parseMoney(value: string, currency: string): Money {
  const exp = currencyExponent(currency);
  const { scaled } = parseScaled(value, exp, { allowNegative: true, field: 'amount' });
  return money(Number(scaled), currency);
}

// ---------------------------------------------------------------------------------------------
// Exact decimals with up to 6 places (unit prices, quantities, VAT rates)
// ---------------------------------------------------------------------------------------------

/**
 * An exact decimal with at most 6 decimal places, held as an integer count of millionths
 * (`micros`; 29.90 → 29 900 000), a safe integer. Used for unit prices, quantities and VAT rates.
 */
export type Decimal6 = { readonly micros: number };

export const DECIMAL_PLACES = 6;
const MICRO = 1_000_000;
const DECIMAL_RE = /^([+-]?)(\d+)(?:\.(\d+))?$/;

type ParseOptions = { allowNegative?: boolean; field?: string; maxDecimals?: number };

function parseScaled(value: string, places: number, opts: ParseOptions): { scaled: bigint } {
  const field = opts.field ?? 'value';
  const m = typeof value === 'string' ? DECIMAL_RE.exec(value.trim()) : null;
  if (!m) {
    throw new DomainError(
      'invalid_decimal',
      `${field} must be a decimal number like 29.90, got ${String(value)}`,
      {
        field,
        value,
      },
    );
  }
  const [, sign = '', int = '0', frac = ''] = m;
  const maxDecimals = opts.maxDecimals ?? places;
  const trimmed = frac.replace(/0+$/, '');
  if (trimmed.length > maxDecimals) {
    throw new DomainError(
      'too_many_decimals',
      `${field} may have at most ${maxDecimals} decimals, got ${value}`,
      {
        field,
        value,
      },
    );
  }
  let scaled =
    BigInt(int) * 10n ** BigInt(places) + BigInt((trimmed || '0').padEnd(places, '0').slice(0, places));
  if (sign === '-') scaled = -scaled;
  if (scaled < 0n && !opts.allowNegative) {
    throw new DomainError('negative_not_allowed', `${field} must not be negative, got ${value}`, {
      field,
      value,
    });
  }
  return { scaled };
}

/** Parses a decimal string (or a finite number) with up to 6 places; negative refused unless allowed. */
export function parseDecimal6(value: string | number, opts: ParseOptions = {}): Decimal6 {
  const field = opts.field ?? 'value';
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new DomainError('invalid_decimal', `${field} must be a finite number`, { field, value });
    }
    text = String(value);
    if (/e/i.test(text)) {
      throw new DomainError('too_many_decimals', `${field} is out of range for 6 decimal places: ${text}`, {
        field,
        value,
      });
    }
  } else {
    text = value;
  }
  const { scaled } = parseScaled(text, DECIMAL_PLACES, opts);
  const micros = Number(scaled);
  if (!Number.isSafeInteger(micros)) {
    throw new DomainError('amount_out_of_range', `${field} is too large: ${text}`, { field, value });
  }
  return { micros: micros + 0 };
}

/** A unit price: exact, up to 6 decimals, ≥ 0 unless `allowNegative` (e.g. a manual discount line). */
export function parseUnitPrice(
  value: string,
  opts: { allowNegative?: boolean; field?: string } = {},
): Decimal6 {
  return parseDecimal6(value, { field: 'unitPrice', ...opts });
}

/** A quantity (e.g. 3 calls, 12.5 minutes): exact, up to 6 decimals, never negative. */
export function parseQuantity(value: string | number, field = 'quantity'): Decimal6 {
  return parseDecimal6(value, { field });
}

/** A VAT rate in percent (`'19'`, `'8.1'`, `'0'`): 0 ≤ rate ≤ 100, up to 4 decimals. */
export function parseVatRate(value: string, field = 'vatRate'): Decimal6 {
  let rate: Decimal6;
  try {
    rate = parseDecimal6(value, { field, maxDecimals: 4 });
  } catch (e) {
    if (e instanceof DomainError) throw new DomainError('invalid_vat_rate', e.message, e.details);
    throw e;
  }
  if (rate.micros > 100 * MICRO) {
    throw new DomainError('invalid_vat_rate', `${field} must be a percentage between 0 and 100`, {
      field,
      value,
    });
  }
  return rate;
}

/** Canonical text of a decimal: trailing zeros dropped, at least `minDecimals` places (29.9 → '29.90' with 2). */
export function formatDecimal6(d: Decimal6, minDecimals = 0): string {
  const neg = d.micros < 0;
  const digits = String(Math.abs(d.micros)).padStart(7, '0');
  const int = digits.slice(0, -6);
  let frac = digits.slice(-6).replace(/0+$/, '');
  if (frac.length < minDecimals) frac = frac.padEnd(minDecimals, '0');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** Canonical VAT rate text ('19.00' → '19'). */
export function normalizeVatRate(value: string): string {
  return formatDecimal6(parseVatRate(value));
}

// ---------------------------------------------------------------------------------------------
// Rounding: half up = half away from zero ("kaufmännisch"), so a credit mirrors its charge.
// ---------------------------------------------------------------------------------------------

const TWO_53 = 2 ** 53;

/** round(n / d) half away from zero, for safe integers n and d > 0. */
function divRoundNumber(n: number, d: number): number {
  const a = n < 0 ? -n : n;
  let q = Math.floor(a / d);
  let r = a - q * d;
  if (r < 0) {
    q--;
    r += d;
  } else if (r >= d) {
    q++;
    r -= d;
  }
  if (2 * r >= d) q++;
  return n < 0 ? 0 - q : q + 0;
}

/** round(n / d) half away from zero, for bigints, d > 0n. */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  const a = n < 0n ? -n : n;
  let q = a / d;
  if (2n * (a - q * d) >= d) q++;
  return n < 0n ? -q : q;
}

const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/**
 * The amount of one line in minor units: unitPrice × quantity × (num / den), rounded half up once.
 * `num / den` is the proration factor (days used / days in the period); 1/1 for a whole period.
 */
export function lineAmountMinor(
  unitPrice: Decimal6,
  quantity: Decimal6,
  exponent: number,
  num = 1,
  den = 1,
): number {
  // Fast path in doubles when every intermediate is an exact integer below 2^53.
  const p = unitPrice.micros;
  const q = quantity.micros;
  if (q % MICRO === 0 && exponent <= 6) {
    const n = p * (q / MICRO) * num;
    if (n > -TWO_53 && n < TWO_53) {
      return divRoundNumber(n, (POW10[6 - exponent] as number) * den);
    }
  }
  const n = BigInt(p) * BigInt(q) * BigInt(num) * 10n ** BigInt(exponent);
  const d = BigInt(den) * 10n ** 12n;
  return checkSafe(Number(divRoundHalfUp(n, d)));
}

/** unitPrice × quantity (× num/den) in `currency`, rounded half up once. */
export function multiplyPrice(
  unitPrice: Decimal6,
  quantity: Decimal6,
  currency: string,
  fraction: { num: number; den: number } = { num: 1, den: 1 },
): Money {
  if (!Number.isSafeInteger(fraction.num) || !Number.isSafeInteger(fraction.den) || fraction.den <= 0) {
    throw new DomainError('invalid_ratios', 'proration must be integer days over a positive number of days');
  }
  return {
    amountMinor: lineAmountMinor(unitPrice, quantity, currencyExponent(currency), fraction.num, fraction.den),
    currency,
  };
}

/** `amount` × rate% rounded half up once (VAT of a net sum). */
export function percentOf(amount: Money, rate: Decimal6): Money {
  const n = BigInt(amount.amountMinor) * BigInt(rate.micros);
  return {
    amountMinor: checkSafe(Number(divRoundHalfUp(n, 100n * BigInt(MICRO)))),
    currency: amount.currency,
  };
}

// ---------------------------------------------------------------------------------------------
// Allocation
// ---------------------------------------------------------------------------------------------

/**
 * Splits `total` by `ratios` (non-negative decimals, at least one positive) without losing a minor
 * unit: each share is rounded down, then the leftover units go one each to the largest remainders
 * (ties: earlier first). Negative totals are split like their absolute value, then negated.
 */
export function allocate(total: Money, ratios: ReadonlyArray<number | string>): Money[] {
  currencyExponent(total.currency);
  if (ratios.length === 0) throw new DomainError('invalid_ratios', 'allocate needs at least one ratio');
  const rs = ratios.map((r, i) => BigInt(parseDecimal6(r, { field: `ratios[${i}]` }).micros));
  const sum = rs.reduce((a, b) => a + b, 0n);
  if (sum === 0n) throw new DomainError('invalid_ratios', 'at least one ratio must be positive');
  const neg = total.amountMinor < 0;
  const t = BigInt(Math.abs(total.amountMinor));
  const shares = rs.map((r) => (t * r) / sum);
  const remainders = rs.map((r, i) => ({ i, rem: (t * r) % sum }));
  let left = t - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i] = (shares[i] as bigint) + 1n;
    left--;
  }
  return shares.map((s) => ({ amountMinor: (neg ? -1 : 1) * Number(s) + 0, currency: total.currency }));
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

export type MoneyLocale = 'nl-NL' | 'de-DE' | 'en-GB' | (string & {});

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Formats for display (`formatMoney(m, 'de-DE')` → `1.234,50 €`). Exact for any amount: the number
 * is handed to Intl.NumberFormat as a decimal string, never as a float.
 */
export function formatMoney(m: Money, locale: MoneyLocale): string {
  const exp = currencyExponent(m.currency);
  const key = `${locale}|${m.currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: m.currency,
      minimumFractionDigits: exp,
      maximumFractionDigits: exp,
    });
    formatters.set(key, f);
  }
  return f.format(moneyToDecimalString(m) as Intl.StringNumericLiteral);
}
